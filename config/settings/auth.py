"""Users and signing in: the user model, passwords, sessions, two-factor sign-in and login throttling."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ImproperlyConfigured

from ..env import env, read, strict_bool

AUTH_USER_MODEL = "users.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = read("SESSION_COOKIE_AGE", env.int, default=60 * 60 * 12)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Two-factor sign-in (users/two_factor.py): anyone may enrol an authenticator app; with
# TWO_FACTOR_REQUIRED the roles below must, and cannot decide credit or set a limit in a
# session that has not confirmed it (credit/permissions.py). Off by default: the demo
# logins work with a password alone.
TWO_FACTOR_REQUIRED = strict_bool("TWO_FACTOR_REQUIRED", default=False)
TWO_FACTOR_REQUIRED_ROLES = frozenset(read("TWO_FACTOR_REQUIRED_ROLES", env.list, default=["admin", "credit_approver"]))
if TWO_FACTOR_REQUIRED_ROLES - {"rep", "manager", "credit_approver", "admin"}:
    raise ImproperlyConfigured(
        "Environment variable TWO_FACTOR_REQUIRED_ROLES must list roles: rep, manager, credit_approver, admin."
    )
OTP_TOTP_ISSUER = read("OTP_TOTP_ISSUER", env.str, default="Key Account CRM")

# Login throttling (django-axes): after 5 failed attempts for a username from one address,
# that pair is locked out for 15 minutes.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = read("AXES_FAILURE_LIMIT", env.int, default=5)
AXES_COOLOFF_TIME = timedelta(minutes=read("AXES_COOLOFF_MINUTES", env.int, default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Reverse proxies in front of the app (nginx alone: 1); users.throttling.client_ip reads the
# client's address from X-Forwarded-For accordingly, REMOTE_ADDR without any. (Not named
# AXES_PROXY_COUNT here: django-axes reads that deprecated name itself, for django-ipware.)
REVERSE_PROXY_COUNT = read("AXES_PROXY_COUNT", env.int, default=0)
AXES_CLIENT_IP_CALLABLE = "users.throttling.client_ip"
AXES_WHITELIST_CALLABLE = "users.throttling.not_a_password_guess"

# Single sign-on (users/sso.py), off by default; local passwords keep working beside it for
# the demo and break-glass administrators. Groups map to a role and a team, read once here:
#   SSO_GROUP_ROLES="crm-admins=admin,crm-approvers=credit_approver,crm-managers=manager,crm-sales=rep"
#   SSO_GROUP_TEAMS="sales-north=North,sales-south=South"
SSO_GROUP_ROLES = read("SSO_GROUP_ROLES", env.dict, default={})
SSO_GROUP_TEAMS = read("SSO_GROUP_TEAMS", env.dict, default={})
if set(SSO_GROUP_ROLES.values()) - {"rep", "manager", "credit_approver", "admin"}:
    raise ImproperlyConfigured(
        "Environment variable SSO_GROUP_ROLES must map groups to roles: rep, manager, credit_approver, admin."
    )


def oidc_settings(values: dict[str, str]) -> dict:
    """mozilla-django-oidc's settings from ``values`` (the environment's OIDC_* variables)."""
    required = (
        "OIDC_RP_CLIENT_ID",
        "OIDC_RP_CLIENT_SECRET",
        "OIDC_OP_AUTHORIZATION_ENDPOINT",
        "OIDC_OP_TOKEN_ENDPOINT",
        "OIDC_OP_USER_ENDPOINT",
        "OIDC_OP_JWKS_ENDPOINT",
    )
    missing = [name for name in required if not values.get(name)]
    if missing:
        raise ImproperlyConfigured(f"OpenID Connect sign-in needs the environment variables {', '.join(missing)}.")
    return {
        **{name: values[name] for name in required},
        "OIDC_ENABLED": True,
        "OIDC_RP_SIGN_ALGO": values.get("OIDC_RP_SIGN_ALGO") or "RS256",
        "OIDC_RP_SCOPES": values.get("OIDC_RP_SCOPES") or "openid email profile groups",
        "OIDC_USERNAME_CLAIM": values.get("OIDC_USERNAME_CLAIM") or "preferred_username",
        "OIDC_GROUPS_CLAIM": values.get("OIDC_GROUPS_CLAIM") or "groups",
        "OIDC_PROVIDER_NAME": values.get("OIDC_PROVIDER_NAME") or "",
        "OIDC_TIMEOUT": 10,
    }


def ldap_settings(values: dict[str, str]) -> dict:
    """django-auth-ldap's settings from ``values`` (the environment's LDAP_* variables)."""
    import ldap
    from django_auth_ldap import config

    group_types = {
        "groupOfNames": (config.GroupOfNamesType, "(objectClass=groupOfNames)"),
        "groupOfUniqueNames": (config.GroupOfUniqueNamesType, "(objectClass=groupOfUniqueNames)"),
        "posixGroup": (config.PosixGroupType, "(objectClass=posixGroup)"),
        "activeDirectory": (config.NestedActiveDirectoryGroupType, "(objectClass=group)"),
    }
    group_type, group_filter = group_types.get(values.get("LDAP_GROUP_TYPE") or "groupOfNames", (None, ""))
    missing = [name for name in ("LDAP_USER_SEARCH_BASE", "LDAP_GROUP_SEARCH_BASE") if not values.get(name)]
    if group_type is None or missing:
        raise ImproperlyConfigured(
            "LDAP sign-in needs LDAP_USER_SEARCH_BASE and LDAP_GROUP_SEARCH_BASE, and LDAP_GROUP_TYPE one of "
            f"{', '.join(group_types)}."
        )
    return {
        "LDAP_ENABLED": True,
        "AUTH_LDAP_SERVER_URI": values["LDAP_SERVER_URI"],
        "AUTH_LDAP_BIND_DN": values.get("LDAP_BIND_DN") or "",
        "AUTH_LDAP_BIND_PASSWORD": values.get("LDAP_BIND_PASSWORD") or "",
        "AUTH_LDAP_START_TLS": values.get("LDAP_START_TLS", "").lower() in {"1", "true", "yes", "on"},
        "AUTH_LDAP_USER_SEARCH": config.LDAPSearch(
            values["LDAP_USER_SEARCH_BASE"],
            ldap.SCOPE_SUBTREE,
            values.get("LDAP_USER_SEARCH_FILTER") or "(uid=%(user)s)",
        ),
        "AUTH_LDAP_GROUP_SEARCH": config.LDAPSearch(
            values["LDAP_GROUP_SEARCH_BASE"], ldap.SCOPE_SUBTREE, values.get("LDAP_GROUP_SEARCH_FILTER") or group_filter
        ),
        "AUTH_LDAP_GROUP_TYPE": group_type(),
        # The service makes the account (users.sso): no attribute map, no mirrored groups.
        "AUTH_LDAP_USER_ATTR_MAP": {},
        "AUTH_LDAP_ALWAYS_UPDATE_USER": False,
        "AUTH_LDAP_CONNECTION_OPTIONS": {ldap.OPT_NETWORK_TIMEOUT: 5, ldap.OPT_REFERRALS: 0},
    }


OIDC_ENABLED = LDAP_ENABLED = False
if env.str("OIDC_RP_CLIENT_ID", default=""):
    globals().update(oidc_settings(dict(env.ENVIRON)))
    AUTHENTICATION_BACKENDS.append("users.oidc.DirectoryOIDCBackend")
if env.str("LDAP_SERVER_URI", default=""):
    globals().update(ldap_settings(dict(env.ENVIRON)))
    AUTHENTICATION_BACKENDS.append("users.ldap_backend.DirectoryLDAPBackend")
