"""E-mail: the backend from ``EMAIL_URL``, the sender, and the site links in e-mails point to."""

from __future__ import annotations

from ..env import env, read

vars().update(read("EMAIL_URL", env.email_url, default="consolemail://"))
DEFAULT_FROM_EMAIL = read("DEFAULT_FROM_EMAIL", env.str, default="crm@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where links in e-mails point to.
SITE_URL = read("SITE_URL", env.url, default="http://localhost:8000").geturl()
