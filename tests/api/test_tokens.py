"""Personal API tokens: shown once and stored hashed, scoped, expiring, revocable, throttled."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken, Scope
from api.services import token_create, token_revoke, token_used

from .conftest import make_token

ACCOUNTS = "/api/v1/accounts/"


def auth(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_a_token_is_stored_only_as_its_sha256(rep):
    record, secret = token_create(
        user=rep, name="ERP", scope=Scope.READ, expires_on=timezone.localdate() + datetime.timedelta(days=1)
    )
    stored = ApiToken.objects.get(pk=record.pk)
    assert stored.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {stored.digest, stored.prefix, stored.name}
    assert secret.startswith(stored.prefix)


def test_a_valid_token_lists_its_owners_accounts(client, rep, account, foreign_account):
    response = client.get(ACCOUNTS, **auth(make_token(rep)))
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [account.pk]


@pytest.mark.parametrize("header", ["Bearer nonsense", "Bearer", "Bearer a b", "Bearer " + "x" * 5000])
def test_an_unknown_or_malformed_token_is_401(client, account, header):
    response = client.get(ACCOUNTS, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_no_credentials_is_401_not_the_login_page(client):
    assert client.get(ACCOUNTS).status_code == 401


def test_a_revoked_token_is_401(client, rep, account):
    secret = make_token(rep)
    token_revoke(token=ApiToken.objects.get(user=rep), actor=rep)
    assert client.get(ACCOUNTS, **auth(secret)).status_code == 401


def test_an_expired_token_is_401(client, rep, account):
    secret = make_token(rep)
    ApiToken.objects.filter(user=rep).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(ACCOUNTS, **auth(secret)).status_code == 401


def test_the_token_of_a_deactivated_user_is_401(client, rep, account):
    secret = make_token(rep)
    rep.is_active = False
    rep.save(update_fields=["is_active"])
    assert client.get(ACCOUNTS, **auth(secret)).status_code == 401


def test_a_read_token_reads_but_may_not_write(client, rep, account):
    secret = make_token(rep, Scope.READ)
    assert client.get(ACCOUNTS, **auth(secret)).status_code == 200
    response = client.post(
        "/api/v1/contacts/", {"account": account.pk, "name": "Wang"}, content_type="application/json", **auth(secret)
    )
    assert response.status_code == 403
    assert not account.contacts.exists()


def test_a_write_with_a_session_needs_the_csrf_token(rep, account):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(rep)
    assert browser.get(ACCOUNTS).status_code == 200
    response = browser.post(
        "/api/v1/contacts/", {"account": account.pk, "name": "Wang"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_use_is_recorded_once_a_minute_by_one_conditional_update(rep, django_assert_num_queries):
    record, _secret = token_create(
        user=rep, name="ERP", scope=Scope.READ, expires_on=timezone.localdate() + datetime.timedelta(days=1)
    )
    now = timezone.now()
    with django_assert_num_queries(1):  # UPDATE … WHERE last_used_at IS NULL OR last_used_at <= now - 60 s
        token_used(token=record, now=now)
    with django_assert_num_queries(0):  # used 30 s ago: nothing written
        token_used(token=record, now=now + datetime.timedelta(seconds=30))
    stale = ApiToken.objects.get(pk=record.pk)
    assert stale.last_used_at == now
    token_used(token=stale, now=now + datetime.timedelta(seconds=61))
    assert ApiToken.objects.get(pk=record.pk).last_used_at == now + datetime.timedelta(seconds=61)


def test_a_request_records_the_last_use(client, rep, account):
    secret = make_token(rep)
    client.get(ACCOUNTS, **auth(secret))
    assert ApiToken.objects.get(user=rep).last_used_at is not None


def test_token_requests_are_throttled(client, rep, account, settings):
    from django.core.cache import cache
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    cache.clear()
    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "token": "3/minute"}
    original = SimpleRateThrottle.THROTTLE_RATES
    SimpleRateThrottle.THROTTLE_RATES = rates
    try:
        secret = make_token(rep)
        statuses = [client.get(ACCOUNTS, **auth(secret)).status_code for _ in range(4)]
    finally:
        SimpleRateThrottle.THROTTLE_RATES = original
        cache.clear()
    assert statuses == [200, 200, 200, 429]


# --- The pages -----------------------------------------------------------------------------


def test_a_person_makes_a_token_and_sees_it_once(client, rep):
    client.force_login(rep)
    expires = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    response = client.post(
        reverse("api_tokens:create"), {"name": "ERP sync", "scope": Scope.READ_WRITE, "expires_on": expires}
    )
    assert response.status_code == 201
    secret = response.context["new_token"]
    assert secret.encode() in response.content
    assert response["Cache-Control"] == "no-store"
    record = ApiToken.objects.get(user=rep)
    assert (record.name, record.scope) == ("ERP sync", Scope.READ_WRITE)
    assert secret.encode() not in client.get(reverse("api_tokens:list")).content


def test_an_expiry_beyond_a_year_is_refused(client, rep):
    client.force_login(rep)
    expires = (timezone.localdate() + datetime.timedelta(days=400)).isoformat()
    response = client.post(reverse("api_tokens:create"), {"name": "x", "scope": Scope.READ, "expires_on": expires})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_people_see_and_revoke_only_their_own_tokens(client, rep, other_rep):
    make_token(rep)
    make_token(other_rep)
    mine, theirs = ApiToken.objects.get(user=rep), ApiToken.objects.get(user=other_rep)
    client.force_login(rep)
    assert list(client.get(reverse("api_tokens:list")).context["tokens"]) == [mine]
    assert client.post(reverse("api_tokens:revoke", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("api_tokens:revoke", args=[mine.pk])).status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.revoked_at is not None and theirs.revoked_at is None


def test_an_admin_sees_and_revokes_anyones_token(client, rep, admin_user):
    make_token(rep)
    token = ApiToken.objects.get(user=rep)
    client.force_login(admin_user)
    assert token in client.get(reverse("api_tokens:list")).context["tokens"]
    assert client.post(reverse("api_tokens:revoke", args=[token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
