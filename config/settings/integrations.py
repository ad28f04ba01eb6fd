"""Integrations: chat robots and outbound webhooks."""

from __future__ import annotations

from ..env import env, read, strict_bool
from .base import DEBUG

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
