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
