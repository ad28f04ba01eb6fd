"""The project itself: where it lives (and its ``.env`` file), DEBUG, the secret key, hosts, the
apps, middleware and templates, and language, time and currency."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from ..env import env, read, strict_bool

BASE_DIR = Path(__file__).resolve().parent.parent.parent
environ_file = BASE_DIR / ".env"
if environ_file.exists():
    env.read_env(str(environ_file))

DEBUG = strict_bool("DEBUG", default=False)

_DEV_SECRET_KEY = "insecure-development-key-only-for-debug-mode"  # noqa: S105 (refused unless DEBUG)
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set the SECRET_KEY environment variable (required when DEBUG is off).")
if not DEBUG and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("Environment variable SECRET_KEY is too short: use 50 or more random characters.")

ALLOWED_HOSTS = read("ALLOWED_HOSTS", env.list, default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = read("CSRF_TRUSTED_ORIGINS", env.list, default=[])

INSTALLED_APPS = [
    # Ours first, lowest layer first (an app depends only on the apps above it in this
    # list): translations of apps listed earlier win, so our terms beat Django's own.
    "users",
    "imports",
    "customfields",
    "accounts",
    "contacts",
    "deals",
    "scoring",
    "credit",
    "visits",
    "intelligence",
    "attachments",
    "tasks",
    "plans",
    "timeline",
    "dashboard",
    "integrations",
    "api",
    "ops",
    "stewardship",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    "csp",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    # First: the request id is on every log line, and the whole request is timed (ops/middleware.py).
    "ops.middleware.RequestIdAndMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session confirmed a second factor.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Whoever owes a second factor gives it before anything else (users/middleware.py).
    "users.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before any view reads a parameter (inside the others, so the 400 page has the user and the headers):
    # NUL and control characters are refused everywhere (users/bounds.py).
    "users.middleware.RefuseControlCharactersMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "users.context_processors.navigation_items",
            ],
        },
    },
]

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Language, time, money --------------------------------------------------------------

LANGUAGE_CODE = read("LANGUAGE_CODE", env.str, default="en")
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
if LANGUAGE_CODE not in dict(LANGUAGES):
    raise ImproperlyConfigured(f"Environment variable LANGUAGE_CODE must be one of {', '.join(dict(LANGUAGES))}.")
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = read("TIME_ZONE", env.str, default="Asia/Shanghai")
USE_TZ = True
# Dates and numbers per language (ISO dates in English, grouped thousands in Chinese, 万/亿):
# config/formats. Thousands are grouped where a template asks (the figures filters), never by
# USE_THOUSAND_SEPARATOR, which would also group the ids that templates write into links.
FORMAT_MODULE_PATH = ["config.formats"]
CURRENCY = read("CURRENCY", env.str, default="CNY")
