"""Single sign-on is configured from the environment and off by default."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from tests.test_settings import run_manage

pytestmark = pytest.mark.django_db

SHOW = (
    "from django.conf import settings as s;"
    "print(s.AUTHENTICATION_BACKENDS, s.OIDC_ENABLED, s.LDAP_ENABLED, s.SSO_GROUP_ROLES, s.SSO_GROUP_TEAMS)"
)
OIDC = {
    "OIDC_RP_CLIENT_ID": "crm",
    "OIDC_RP_CLIENT_SECRET": "s",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://id.example.com/auth",
    "OIDC_OP_TOKEN_ENDPOINT": "https://id.example.com/token",
    "OIDC_OP_USER_ENDPOINT": "https://id.example.com/me",
    "OIDC_OP_JWKS_ENDPOINT": "https://id.example.com/jwks",
}
LDAP = {
    "LDAP_SERVER_URI": "ldap://ldap.example.com",
    "LDAP_USER_SEARCH_BASE": "ou=people,dc=example,dc=com",
    "LDAP_GROUP_SEARCH_BASE": "ou=groups,dc=example,dc=com",
}


def test_with_the_environment_unset_nothing_changes(client):
    assert not settings.OIDC_ENABLED and not settings.LDAP_ENABLED
    assert settings.AUTHENTICATION_BACKENDS == [
        "axes.backends.AxesStandaloneBackend",
        "django.contrib.auth.backends.ModelBackend",
    ]
    page = client.get(reverse("login")).content.decode()
    assert "Sign in with" not in page and "/sso/" not in page
    assert client.get(reverse("oidc_authentication_init")).status_code == 404


def test_the_environment_switches_both_backends_on_with_the_mapping():
    environment = {**OIDC, **LDAP, "SSO_GROUP_ROLES": "crm-admins=admin,crm-sales=rep", "SSO_GROUP_TEAMS": "n=North"}
    result = run_manage("shell", "-c", SHOW, environment={"DEBUG": "True", **environment})
    assert result.returncode == 0, result.stderr
    assert "users.oidc.DirectoryOIDCBackend" in result.stdout
    assert "users.ldap_backend.DirectoryLDAPBackend" in result.stdout
    assert "True True {'crm-admins': 'admin', 'crm-sales': 'rep'} {'n': 'North'}" in result.stdout


@pytest.mark.parametrize(
    ("environment", "complaint"),
    [
        ({"SSO_GROUP_ROLES": "crm-admins=owner"}, "SSO_GROUP_ROLES"),
        ({"OIDC_RP_CLIENT_ID": "crm"}, "OIDC_OP_TOKEN_ENDPOINT"),
        ({"LDAP_SERVER_URI": "ldap://x", "LDAP_USER_SEARCH_BASE": "o=x"}, "LDAP_GROUP_SEARCH_BASE"),
        ({**LDAP, "LDAP_GROUP_TYPE": "nested"}, "LDAP_GROUP_TYPE"),
    ],
)
def test_a_half_configured_sign_in_stops_start_up_with_its_name(environment, complaint):
    result = run_manage("check", environment={"DEBUG": "True", **environment})
    assert result.returncode != 0 and complaint in result.stderr
