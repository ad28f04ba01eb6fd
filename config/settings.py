"""Settings, read from the environment (see the README's table of variables).

Defaults give a first look with zero services: an SQLite file in the project folder and
tasks run inline. Production sets DEBUG=False, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL,
REDIS_URL and EMAIL_URL.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .env import env, read, strict_bool

BASE_DIR = Path(__file__).resolve().parent.parent
environ_file = BASE_DIR / ".env"
if environ_file.exists():
    env.read_env(str(environ_file))

# --- Core -------------------------------------------------------------------------------

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
    "accounts",
    "contacts",
    "deals",
    "scoring",
    "credit",
    "visits",
    "intelligence",
    "attachments",
    "tasks",
    "timeline",
    "dashboard",
    "integrations",
    "api",
    "ops",
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

# --- Data -------------------------------------------------------------------------------

DATABASES = {"default": read("DATABASE_URL", env.db_url, default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"].get("ENGINE") not in {"django.db.backends.postgresql", "django.db.backends.sqlite3"}:
    raise ImproperlyConfigured("Environment variable DATABASE_URL must be a postgres:// or sqlite:/// URL.")
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
# A persistent connection the server dropped is replaced before the request uses it.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Small result sets everywhere (choice lists, pages): one round trip beats a cursor's
    # DECLARE/FETCH/CLOSE, and it stays safe behind a transaction-pooling PgBouncer.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    # Short queries whose estimated cost is inflated by correlated subqueries (the visibility
    # rule's EXISTS) crossed jit_above_cost and spent 20-25 ms compiling, more than they ran.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several readers and a writer at once (dev server + inline tasks) without "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = read("REDIS_URL", env.str, default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # Fail fast when Redis is down, as the broker does: only progress is kept there.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Users ------------------------------------------------------------------------------

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

# --- Customer archive -------------------------------------------------------------------

# A section of an account's file not updated for this many days is marked stale.
ARCHIVE_STALE_DAYS = read("ARCHIVE_STALE_DAYS", env.int, default=180)
# Coverage warns about a decision-maker who left or changed role within this many days.
COVERAGE_RECENT_DAYS = read("COVERAGE_RECENT_DAYS", env.int, default=90)

# --- Business rules that are not edited in the app ----------------------------------------
# (Tier thresholds, scoring criteria and weights, visit cadences and holidays are; the credit
# policy is CREDIT_POLICY below, over credit/conf.py's defaults.)

# A product whose known margin is at least this counts as high-profit (高利润产品).
DEALS_HIGH_PROFIT_MARGIN = read(
    "DEALS_HIGH_PROFIT_MARGIN", lambda name, default: Decimal(env.str(name, default)), default="0.40"
)
# An account with no cadence for its tier and level is due for a visit this often.
VISITS_DEFAULT_CADENCE_DAYS = read("VISITS_DEFAULT_CADENCE_DAYS", env.int, default=30)
# A suggested plan puts at most this many visits on one day.
VISITS_PER_DAY = read("VISITS_PER_DAY", env.int, default=6)
# A complaint resolved to the customer's satisfaction within this many days was handled
# "quickly and well".
VISITS_QUICK_RESOLUTION_DAYS = read("VISITS_QUICK_RESOLUTION_DAYS", env.int, default=3)
# Reminders: a follow-up this many days overdue, a contact's birthday this many days ahead,
# a credit review due within this many days.
VISITS_FOLLOW_UP_GRACE_DAYS = read("VISITS_FOLLOW_UP_GRACE_DAYS", env.int, default=7)
VISITS_BIRTHDAY_LOOKAHEAD_DAYS = read("VISITS_BIRTHDAY_LOOKAHEAD_DAYS", env.int, default=7)
VISITS_CREDIT_REVIEW_REMINDER_DAYS = read("VISITS_CREDIT_REVIEW_REMINDER_DAYS", env.int, default=7)
# Overrides of the credit policy's defaults (credit/conf.py), as a settings module of your own
# sets them: investigation weights, ratings, the suggested-limit rule, review thresholds and
# the bad-debt split.
CREDIT_POLICY = {}

# --- Imports (accounts, contacts, orders) ------------------------------------------------

# Uploaded import files; the web processes and the workers must share the folder.
IMPORT_ROOT = read("IMPORT_ROOT", env.path, default=BASE_DIR / "var" / "imports")
# A file is refused as soon as it passes one of these, before it is read any further.
IMPORT_MAX_FILE_BYTES = read("IMPORT_MAX_FILE_BYTES", env.int, default=20 * 1024 * 1024)
IMPORT_MAX_DATA_BYTES = read("IMPORT_MAX_DATA_BYTES", env.int, default=64 * 1024 * 1024)
IMPORT_MAX_ROWS = read("IMPORT_MAX_ROWS", env.int, default=600_000)  # the Online Retail file has 541 909
IMPORT_MAX_COLUMNS = read("IMPORT_MAX_COLUMNS", env.int, default=200)
ATTACHMENT_MAX_BYTES = read("ATTACHMENT_MAX_BYTES", env.int, default=10 * 1024 * 1024)
# What a document may be, recognised by its content (attachments/content.py), not by its name.
ATTACHMENT_TYPES = read(
    "ATTACHMENT_TYPES",
    env.list,
    default=[
        "application/pdf",
        "image/jpeg",
        "image/png",
        "image/webp",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "text/plain",
        "text/csv",
    ],
)
IMPORT_MAX_CELL_CHARS = read("IMPORT_MAX_CELL_CHARS", env.int, default=10_000)

# --- Integrations: chat robots and outbound webhooks --------------------------------------

# Lets channels and webhooks call http://127.0.0.1 (development, the tests' local receivers);
# otherwise only https:// addresses are accepted.
INTEGRATIONS_ALLOW_LOCAL_URLS = strict_bool("INTEGRATIONS_ALLOW_LOCAL_URLS", default=DEBUG)
# Lets webhooks and channels call private and loopback addresses (an on-premises ERP); off,
# they are refused as SSRF. Link-local (cloud metadata) and reserved addresses never are.
INTEGRATIONS_ALLOW_PRIVATE_ADDRESSES = strict_bool("INTEGRATIONS_ALLOW_PRIVATE_ADDRESSES", default=False)
# Webhook events (with their delivery log) are kept this many days once every delivery is
# settled, then pruned every night.
WEBHOOK_EVENTS_KEEP_DAYS = read("WEBHOOK_EVENTS_KEEP_DAYS", env.int, default=30)
# A message or webhook request is tried this many times, waiting 30 s, 1 min, 2 min… between.
INTEGRATIONS_MAX_ATTEMPTS = read("INTEGRATIONS_MAX_ATTEMPTS", env.int, default=6)
INTEGRATIONS_RETRY_BASE_SECONDS = read("INTEGRATIONS_RETRY_BASE_SECONDS", env.int, default=30)
# A webhook whose deliveries failed for good this many times in a row is switched off.
WEBHOOK_DISABLE_AFTER_FAILURES = read("WEBHOOK_DISABLE_AFTER_FAILURES", env.int, default=5)

# --- Static files: front-end packages come from npm (package.json), never a CDN ---------

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/chart.js", NODE_MODULES / "chart.js" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Uploaded import files, read and written through Django's storage API only: a folder the
    # web processes and the workers share (IMPORT_ROOT), or another backend by its dotted
    # path (for an S3-compatible store, django-storages' "storages.backends.s3.S3Storage"
    # once installed, with its AWS_* settings).
    "imports": {"BACKEND": read("IMPORT_STORAGE_BACKEND", env.str, default="imports.models.ImportStorage")},
    # Documents attached to accounts and what belongs to them: never served from a public URL
    # (the download view applies visibility), so an S3-compatible store is only this setting.
    "attachments": {
        "BACKEND": read("ATTACHMENTS_STORAGE_BACKEND", env.str, default="django.core.files.storage.FileSystemStorage"),
        "OPTIONS": read(
            "ATTACHMENTS_STORAGE_OPTIONS", env.json, default={"location": str(BASE_DIR / "private" / "attachments")}
        ),
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- REST API (api/) ---------------------------------------------------------------------

REST_FRAMEWORK = {
    # Personal tokens for scripts first (their 401 names the Bearer scheme), the session with
    # its CSRF check for the browser.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.PersonalTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.TokenScope"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": read("API_TOKEN_RATE", env.str, default="600/minute")},
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Cursor",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    # No OPTIONS self-description (405): the OpenAPI schema describes every endpoint, and
    # DRF's would load objects outside the doors of the views.
    "DEFAULT_METADATA_CLASS": None,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Key Account CRM API",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from drf-spectacular-sidecar's files under our static root, no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets several fields share, named once in the schema.
    "ENUM_NAME_OVERRIDES": {
        "LevelEnum": "accounts.models.Level",
        "TierEnum": "scoring.models.Tier",
        "AccountLevelEnum": "scoring.models.Level",
        "BuyingRoleEnum": "contacts.models.BuyingRole",
        "ItemRatingEnum": "credit.models.ItemRating",
        "RequestStatusEnum": "credit.models.RequestStatus",
        "OrderStatusEnum": "deals.models.OrderStatus",
        "HoldStatusEnum": "credit.models.HoldStatus",
    },
}
# A token's last use is written at most this often (one conditional UPDATE, see api.services.token_used).
API_TOKEN_LAST_USED_EVERY_SECONDS = read("API_TOKEN_LAST_USED_EVERY_SECONDS", env.int, default=60)

# --- E-mail -----------------------------------------------------------------------------

vars().update(read("EMAIL_URL", env.email_url, default="consolemail://"))
DEFAULT_FROM_EMAIL = read("DEFAULT_FROM_EMAIL", env.str, default="crm@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where links in e-mails point to.
SITE_URL = read("SITE_URL", env.url, default="http://localhost:8000").geturl()

# --- Celery -----------------------------------------------------------------------------

CELERY_BROKER_URL = read("CELERY_BROKER_URL", env.str, default=REDIS_URL)
# Without a broker every task runs inline, in the request or command that sent it.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_DEFAULT_QUEUE = read("CELERY_QUEUE", env.str, default="celery")
# A task is acknowledged when it has finished, and handed to another worker when the one
# running it dies: every task is safe to run twice (each claims its work with a conditional
# UPDATE or writes under a unique constraint; see CONTRIBUTING.md, "Background work").
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Fail fast when the broker is down: the request goes on and a sweep catches up later.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
# Every periodic job of every app, here in the settings (the nightly re-score is added below,
# at its configurable time).
CELERY_BEAT_SCHEDULE: dict = {
    "send-pending-notification-emails": {
        "task": "users.tasks.send_pending_notification_emails",
        "schedule": 300.0,
    },
    # Scoring runs an admin started while the broker was down.
    "scoring-execute-requested-runs": {"task": "scoring.tasks.execute_requested_runs", "schedule": 300.0},
    # Import steps (dry run, import) requested while the broker was down.
    "imports-enqueue-requested-imports": {"task": "imports.tasks.enqueue_requested_imports", "schedule": 300.0},
    "deals-enqueue-requested-import-jobs": {"task": "deals.tasks.enqueue_requested_import_jobs", "schedule": 300.0},
    # Chat messages and webhook requests whose task was lost (broker down, worker died).
    "integrations-sweep-deliveries": {"task": "integrations.tasks.sweep_deliveries", "schedule": 300.0},
    "integrations-prune-webhook-events": {
        "task": "integrations.tasks.prune_webhook_events",
        "schedule": crontab(hour=3, minute=40),
    },
    "credit-open-reviews": {"task": "credit.tasks.open_credit_reviews", "schedule": crontab(hour=6, minute=15)},
    "deals-refresh-receivables": {"task": "deals.tasks.refresh_receivables", "schedule": crontab(hour=5, minute=45)},
    # Limits dated for the new day come into force in the stored credit positions.
    "credit-refresh-positions": {"task": "credit.tasks.refresh_positions", "schedule": crontab(hour=0, minute=5)},
}
# After the nightly refreshes: every stored figure against its definition, drift logged.
CELERY_BEAT_SCHEDULE["dashboard-check-figures"] = {
    "task": "dashboard.tasks.check_figures",
    "schedule": crontab(hour=6, minute=0),
}
# What /readyz reads to know beat ticks and a worker runs its jobs (ops/health.py).
CELERY_BEAT_SCHEDULE["ops-heartbeat"] = {"task": "ops.tasks.heartbeat", "schedule": 20.0}
CELERY_BEAT_SCHEDULE["visits-daily-reminders"] = {
    "task": "visits.tasks.send_daily_reminders",
    "schedule": crontab(hour=7, minute=30),  # before reps leave for their visits
}
# Each open task due by today reminded to its owner once (claimed per task and due date).
CELERY_BEAT_SCHEDULE["tasks-send-reminders"] = {"task": "tasks.tasks.send_task_reminders", "schedule": 3600.0}
CELERY_BEAT_SCHEDULE["visits-refresh-schedules"] = {
    "task": "visits.tasks.refresh_visit_schedules",
    "schedule": crontab(minute=10),  # hourly: the due list follows tier and lifecycle changes
}

# Scoring: every account is re-scored nightly at SCORING_RESCORE_AT (HH:MM, TIME_ZONE).
SCORING_RESCORE_AT = read("SCORING_RESCORE_AT", env.str, default="02:30")
try:
    _rescore_hour, _rescore_minute = (int(part) for part in SCORING_RESCORE_AT.split(":"))
    if not (0 <= _rescore_hour < 24 and 0 <= _rescore_minute < 60):
        raise ValueError
except ValueError as error:
    raise ImproperlyConfigured(f"SCORING_RESCORE_AT must be HH:MM, not {SCORING_RESCORE_AT!r}.") from error
CELERY_BEAT_SCHEDULE["scoring-rescore-nightly"] = {
    "task": "scoring.tasks.rescore_nightly",
    "schedule": crontab(hour=_rescore_hour, minute=_rescore_minute),
}
# Health and relationship scores, an hour after the re-score whose tiers form the peer groups.
CELERY_BEAT_SCHEDULE["intelligence-score-nightly"] = {
    "task": "intelligence.tasks.score_nightly",
    "schedule": crontab(hour=(_rescore_hour + 1) % 24, minute=_rescore_minute),
}

# --- Security (production) --------------------------------------------------------------

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Every script and style comes from our own static files: no inline code, no CDN.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = strict_bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = read("SECURE_HSTS_SECONDS", env.int, default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- Operations: logs, health, metrics, error reports -----------------------------------

# JSON lines for a log collector (the default without DEBUG), or plain text for a terminal;
# each line carries the request id (X-Request-ID or a new one), in a request and in the
# Celery tasks it started (ops/context.py, ops/celery_signals.py).
LOG_FORMAT = read("LOG_FORMAT", env.str, default="text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured("Environment variable LOG_FORMAT must be json or text.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "ops.context.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": read("LOG_LEVEL", env.str, default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
# Celery's worker keeps this logging rather than installing its own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# /readyz: a worker must have run beat's heartbeat (every 20 s) within this many seconds.
# Required when there is a broker; without one tasks run inline and there is no worker.
READYZ_REQUIRE_WORKER = strict_bool("READYZ_REQUIRE_WORKER", default=not CELERY_TASK_ALWAYS_EAGER)
READYZ_HEARTBEAT_MAX_AGE = read("READYZ_HEARTBEAT_MAX_AGE", env.int, default=60)
# /metrics answers only a request with "Authorization: Bearer <METRICS_TOKEN>"; unset, nobody.
METRICS_TOKEN = read("METRICS_TOKEN", env.str, default="")
# Probes and scrapes come over plain HTTP from inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]

# Errors go to Sentry when SENTRY_DSN is set (Django and Celery integrations are enabled by
# the SDK itself); nothing is sent otherwise. No personal data: user ids only.
SENTRY_DSN = read("SENTRY_DSN", env.str, default="")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=read("SENTRY_ENVIRONMENT", env.str, default="production"),
        traces_sample_rate=read("SENTRY_TRACES_SAMPLE_RATE", env.float, default=0.0),
        send_default_pii=False,
    )

# CI starts a real worker with beat and wants the schedule to fire within seconds.
_beat_every = read("CRM_BEAT_EVERY_SECONDS", env.int, default=0)
if _beat_every:
    for _entry in CELERY_BEAT_SCHEDULE.values():
        _entry["schedule"] = _beat_every
