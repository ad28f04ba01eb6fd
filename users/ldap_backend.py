"""Sign-in against an LDAP / Active Directory server (django-auth-ldap), off unless configured.

The directory checks the password and says which groups the person is in; ``users.sso``
decides who may come in and with which role and team. django-auth-ldap's own user population
is not used (no attribute map, no mirrored groups): the account is made by the service.
"""

from __future__ import annotations

from django_auth_ldap.backend import LDAPBackend

from . import sso


def _first(attrs, name: str) -> str:
    values = attrs.get(name) or [""]
    return values[0]


class DirectoryLDAPBackend(LDAPBackend):
    def get_or_build_user(self, username, ldap_user):
        attrs = ldap_user.attrs
        user = sso.directory_user_sign_in(
            username=username,
            groups=ldap_user.group_names,
            email=_first(attrs, "mail"),
            first_name=_first(attrs, "givenName"),
            last_name=_first(attrs, "sn"),
        )
        # Refused: an unsaved inactive stand-in, which authenticate_ldap_user turns away.
        # (built=False and no attribute map: django-auth-ldap saves nothing of its own.)
        return (user or self.get_user_model()(username=username, is_active=False)), False

    def authenticate_ldap_user(self, ldap_user, password):
        user = super().authenticate_ldap_user(ldap_user, password)
        return user if user is not None and user.is_active else None

    def get_user(self, user_id):
        # As for OIDC: a session of a person deactivated since ends on their next request.
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None
