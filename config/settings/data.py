"""Where the data lives: the database and the cache."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from ..env import env, read
from .base import BASE_DIR

DATABASES = {"default": read("DATABASE_URL", env.db_url, default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"].get("ENGINE") not in {"django.db.backends.postgresql", "django.db.backends.sqlite3"}:
    raise ImproperlyConfigured("Environment variable DATABASE_URL must be a postgres:// or sqlite:/// URL.")
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
# A persistent connection the server dropped is replaced before the request uses it.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# What stands between the app and PostgreSQL: nothing (""), or a PgBouncer in transaction
# pooling mode ("pgbouncer", deploy/pgbouncer/), which hands each transaction whichever server
# connection is free: no session state may outlive a transaction (the code uses SET LOCAL and
# pg_advisory_xact_lock only; Django prepares no statements), and no startup options.
DATABASE_POOLER = read("DATABASE_POOLER", env.str, default="")
if DATABASE_POOLER not in {"", "pgbouncer"}:
    raise ImproperlyConfigured("Environment variable DATABASE_POOLER must be empty or pgbouncer.")
if DATABASE_POOLER and DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_POOLER=pgbouncer needs a postgres:// DATABASE_URL (PgBouncer's address).")
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Small result sets everywhere (choice lists, pages): one round trip beats a cursor's
    # DECLARE/FETCH/CLOSE; and a server-side cursor cannot outlive its transaction behind a
    # transaction-pooling PgBouncer.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    options = DATABASES["default"].setdefault("OPTIONS", {})
    if DATABASE_POOLER == "pgbouncer":
        # Django's own pool would pool connections to the pooler: one pool, PgBouncer's. A
        # persistent connection (CONN_MAX_AGE) holds only a client slot of PgBouncer's.
        if options.get("pool"):
            raise ImproperlyConfigured("DATABASE_URL's pool option and DATABASE_POOLER=pgbouncer exclude each other.")
    else:
        # Short queries whose estimated cost is inflated by correlated subqueries (the visibility
        # rule's EXISTS) crossed jit_above_cost and spent 20-25 ms compiling, more than they ran.
        # (PgBouncer refuses startup options: its connect_query sets jit=off instead.)
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
