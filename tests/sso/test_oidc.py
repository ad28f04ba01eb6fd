"""Signing in through a real OpenID Connect provider (oidc-provider, run by node): the
authorization-code flow end to end, Django's test client on our side, requests on the provider's."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest
import requests
from django.test import Client
from django.urls import reverse

from users.models import Role, User

pytestmark = pytest.mark.django_db

CALLBACK = "http://testserver/sso/oidc/callback/"


def sign_in(client, login: str, password: str):
    """Start at our 'Sign in with …', log in at the provider, come back with the code: the
    response of our callback."""
    start = client.get(reverse("oidc_authentication_init"))
    assert start.status_code == 302
    with requests.Session() as browser:
        form = browser.get(start["Location"], timeout=10)
        assert form.status_code == 200 and "/interaction/" in form.url, form.text
        answer = browser.post(form.url, data={"login": login, "password": password}, allow_redirects=False, timeout=10)
        while answer.is_redirect:
            location = urljoin(answer.url, answer.headers["Location"])
            if location.startswith(CALLBACK):
                back = urlsplit(location)
                return client.get(f"{back.path}?{back.query}")
            answer = browser.get(location, allow_redirects=False, timeout=10)
    raise AssertionError(f"the provider did not send the visitor back: {answer.status_code} {answer.text[:300]}")


def signed_in(client) -> bool:
    return client.get(reverse("accounts:list")).status_code == 200


def test_the_login_page_offers_the_provider(client, oidc_provider):
    page = client.get(reverse("login")).content.decode()
    assert "Sign in with Example ID" in page
    assert reverse("oidc_authentication_init") in page
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/login/"})
    assert "使用 Example ID 登录" in client.get(reverse("login")).content.decode()


def test_first_sign_in_creates_the_user_with_the_mapped_role_and_team(client, oidc_provider, north):
    oidc_provider.set_accounts(
        oidc_provider.person("alice", "pw", groups=["crm-sales", "sales-north", "other"], given="Alice", family="Li")
    )
    response = sign_in(client, "alice", "pw")
    assert response.status_code == 302 and response["Location"] == reverse("home")
    alice = User.objects.get(username="alice")
    assert (alice.role, alice.team, alice.email, alice.get_full_name()) == (
        Role.REP, north, "alice@example.org", "Alice Li"
    )  # fmt: skip
    assert alice.is_active and not alice.has_usable_password()
    assert signed_in(client)


def test_the_highest_mapped_role_wins_and_a_new_team_is_made(client, oidc_provider):
    oidc_provider.set_accounts(oidc_provider.person("bo", "pw", groups=["crm-sales", "crm-approvers", "sales-south"]))
    sign_in(client, "bo", "pw")
    bo = User.objects.get(username="bo")
    assert bo.role == Role.CREDIT_APPROVER and bo.team.name == "South"


def test_a_second_sign_in_after_a_group_change_updates_role_and_team(client, oidc_provider, north, south):
    oidc_provider.set_accounts(oidc_provider.person("alice", "pw", groups=["crm-sales", "sales-north"]))
    sign_in(client, "alice", "pw")
    oidc_provider.set_accounts(oidc_provider.person("alice", "pw", groups=["crm-managers", "sales-south"]))
    client.logout()
    sign_in(client, "alice", "pw")
    alice = User.objects.get(username="alice")
    assert (alice.role, alice.team) == (Role.MANAGER, south)
    assert signed_in(client)


def test_removal_from_the_groups_loses_access_on_next_sign_in(client, oidc_provider):
    oidc_provider.set_accounts(oidc_provider.person("alice", "pw", groups=["crm-sales"]))
    sign_in(client, "alice", "pw")
    other_browser = Client()
    oidc_provider.set_accounts(oidc_provider.person("alice", "pw", groups=["unmapped"]))
    refused = sign_in(other_browser, "alice", "pw")
    assert refused.status_code == 302 and refused["Location"] == reverse("login")
    assert not signed_in(other_browser)
    assert not User.objects.get(username="alice").is_active
    assert not signed_in(client)  # the session opened before ends too


def test_a_deactivated_user_cannot_sign_in_even_with_the_groups(client, oidc_provider):
    oidc_provider.set_accounts(oidc_provider.person("alice", "pw", groups=["crm-admins"]))
    sign_in(client, "alice", "pw")
    User.objects.filter(username="alice").update(is_active=False)  # an administrator turned her off
    client.logout()
    refused = sign_in(client, "alice", "pw")
    assert refused["Location"] == reverse("login") and not signed_in(client)
    assert not User.objects.get(username="alice").is_active


def test_a_person_with_no_mapped_group_is_not_created(client, oidc_provider):
    oidc_provider.set_accounts(oidc_provider.person("eve", "pw", groups=["unmapped"]))
    sign_in(client, "eve", "pw")
    assert not User.objects.filter(username="eve").exists()
    assert not signed_in(client)


def test_a_local_account_is_not_taken_over_by_a_directory_namesake(client, oidc_provider, admin_user):
    oidc_provider.set_accounts(oidc_provider.person(admin_user.username, "pw", groups=["crm-sales"]))
    sign_in(client, admin_user.username, "pw")
    admin_user.refresh_from_db()
    assert admin_user.role == Role.ADMIN and admin_user.has_usable_password()
    assert not signed_in(client)


def test_refused_sign_ins_do_not_lock_others_out_of_single_sign_on(client, oidc_provider, settings):
    settings.AXES_ENABLED = True  # password throttling on, as in production
    oidc_provider.set_accounts(
        {
            **oidc_provider.person("eve", "pw", groups=["unmapped"]),
            **oidc_provider.person("alice", "pw", groups=["crm-sales"]),
        }
    )
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        assert sign_in(client, "eve", "pw")["Location"] == reverse("login")
    assert sign_in(client, "alice", "pw")["Location"] == reverse("home")
    assert signed_in(client)


def test_a_person_with_an_authenticator_is_asked_for_its_code_after_single_sign_on(client, oidc_provider):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    oidc_provider.set_accounts(oidc_provider.person("alice", "pw", groups=["crm-approvers"]))
    sign_in(client, "alice", "pw")
    TOTPDevice.objects.create(user=User.objects.get(username="alice"), name="phone", confirmed=True)
    client.logout()
    sign_in(client, "alice", "pw")
    page = client.get(reverse("accounts:list"))
    assert page.status_code == 302 and page["Location"].startswith(reverse("two_factor_verify"))
