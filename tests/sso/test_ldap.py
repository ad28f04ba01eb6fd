"""Signing in against a real OpenLDAP (Debian's slapd), through the login page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from users.models import Role, User

pytestmark = pytest.mark.django_db


def log_in(client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def signed_in(client) -> bool:
    return client.get(reverse("accounts:list")).status_code == 200


def test_first_sign_in_creates_the_user_with_the_mapped_role_and_team(client, directory, north):
    directory.add_person("carol", "carol-pw", given="Carol", surname="Chen")
    directory.add_to_group("crm-approvers", "carol")
    directory.add_to_group("sales-north", "carol")
    response = log_in(client, "carol", "carol-pw")
    assert response.status_code == 302 and response["Location"] == reverse("home")
    carol = User.objects.get(username="carol")
    assert (carol.role, carol.team, carol.email, carol.get_full_name()) == (
        Role.CREDIT_APPROVER, north, "carol@example.org", "Carol Chen"
    )  # fmt: skip
    assert not carol.has_usable_password()
    assert signed_in(client)


def test_a_wrong_password_is_refused(client, directory):
    directory.add_person("carol", "carol-pw")
    directory.add_to_group("crm-sales", "carol")
    assert log_in(client, "carol", "not-it").status_code == 200
    assert not User.objects.filter(username="carol").exists()


def test_a_second_sign_in_after_a_group_change_updates_role_and_team(client, directory, north, south):
    directory.add_person("carol", "carol-pw")
    directory.add_to_group("crm-sales", "carol")
    directory.add_to_group("sales-north", "carol")
    log_in(client, "carol", "carol-pw")
    directory.remove_from_group("crm-sales", "carol")
    directory.remove_from_group("sales-north", "carol")
    directory.add_to_group("crm-managers", "carol")
    directory.add_to_group("sales-south", "carol")
    client.logout()
    log_in(client, "carol", "carol-pw")
    carol = User.objects.get(username="carol")
    assert (carol.role, carol.team) == (Role.MANAGER, south)


def test_removal_from_the_group_loses_access_on_next_sign_in(client, directory):
    directory.add_person("carol", "carol-pw")
    directory.add_to_group("crm-sales", "carol")
    log_in(client, "carol", "carol-pw")
    assert signed_in(client)
    directory.remove_from_group("crm-sales", "carol")
    other_browser = Client()
    assert log_in(other_browser, "carol", "carol-pw").status_code == 200  # the form again, with its error
    assert not signed_in(other_browser)
    assert not User.objects.get(username="carol").is_active
    assert not signed_in(client)  # the session opened before ends too


def test_a_deactivated_directory_user_cannot_sign_in(client, directory):
    directory.add_person("carol", "carol-pw")
    directory.add_to_group("crm-sales", "carol")
    log_in(client, "carol", "carol-pw")
    client.logout()
    User.objects.filter(username="carol").update(is_active=False)  # turned off in the CRM
    assert log_in(client, "carol", "carol-pw").status_code == 200 and not signed_in(client)
    User.objects.filter(username="carol").update(is_active=True)
    directory.remove_person("carol")  # gone from the directory
    assert log_in(client, "carol", "carol-pw").status_code == 200 and not signed_in(client)


def test_local_passwords_still_work_beside_the_directory(client, directory, admin_user):
    admin_user.set_password("break-glass-pw")
    admin_user.save()
    directory.add_person(admin_user.username, "directory-pw")
    directory.add_to_group("crm-sales", admin_user.username)
    assert log_in(client, admin_user.username, "directory-pw").status_code == 200  # no takeover
    admin_user.refresh_from_db()
    assert admin_user.role == Role.ADMIN
    assert log_in(client, admin_user.username, "break-glass-pw").status_code == 302
    assert signed_in(client)
