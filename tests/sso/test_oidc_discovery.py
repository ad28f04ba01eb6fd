"""Configuring OpenID Connect from the provider's discovery document (``manage.py oidc_discover``),
and signing out after single sign-on, against the real provider of tests/sso."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from config.settings.auth import oidc_settings
from tests.sso.test_oidc import sign_in, signed_in

pytestmark = pytest.mark.django_db


def discover(issuer: str) -> dict[str, str]:
    output = io.StringIO()
    call_command("oidc_discover", issuer, stdout=output)
    return dict(line.split("=", 1) for line in output.getvalue().splitlines())


def test_discovery_prints_the_endpoints_sign_in_works_with(client, oidc_provider, settings):
    url = oidc_provider.url
    values = discover(f"{url}/")
    assert values == {
        "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{url}/auth",
        "OIDC_OP_TOKEN_ENDPOINT": f"{url}/token",
        "OIDC_OP_USER_ENDPOINT": f"{url}/me",
        "OIDC_OP_JWKS_ENDPOINT": f"{url}/jwks",
        "OIDC_RP_SIGN_ALGO": "RS256",
    }
    for name, value in oidc_settings(
        {**values, "OIDC_RP_CLIENT_ID": "crm", "OIDC_RP_CLIENT_SECRET": "crm-secret"}
    ).items():
        setattr(settings, name, value)
    oidc_provider.set_accounts(oidc_provider.person("dora", "pw", groups=["crm-sales"]))
    assert sign_in(client, "dora", "pw").status_code == 302
    assert signed_in(client)


def test_discovery_refuses_a_missing_document_and_another_issuers(oidc_provider):
    with pytest.raises(CommandError, match="No discovery document"):
        discover(f"{oidc_provider.url}/no-such-realm")
    # The same provider under another name: its document names its own issuer, not this one.
    with pytest.raises(CommandError, match="is not this issuer's"):
        discover(oidc_provider.url.replace("127.0.0.1", "localhost"))


def test_discovery_of_an_address_nobody_answers_is_refused():
    with pytest.raises(CommandError, match="No discovery document"):
        discover("http://127.0.0.1:9/")


def test_signing_out_after_single_sign_on_ends_the_session(client, oidc_provider):
    oidc_provider.set_accounts(oidc_provider.person("erin", "pw", groups=["crm-sales"]))
    sign_in(client, "erin", "pw")
    assert signed_in(client)
    session = client.cookies["sessionid"].value

    assert client.post(reverse("logout")).status_code == 302
    assert not signed_in(client)
    client.cookies["sessionid"] = session  # the old cookie is worth nothing now
    assert not signed_in(client)
    # Signing in again goes through the provider once more.
    assert sign_in(client, "erin", "pw").status_code == 302
    assert signed_in(client)
