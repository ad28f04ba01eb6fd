"""The addresses the server may call: https only (http://127.0.0.1 too when
INTEGRATIONS_ALLOW_LOCAL_URLS is on, for development and the tests' local receivers)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import URL_MAX_LENGTH


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return settings.INTEGRATIONS_ALLOW_LOCAL_URLS and parts.scheme == "http" and parts.hostname == "127.0.0.1"


def validate_outbound_url(url: str, *, hosts: frozenset | None = None) -> None:
    """Refuse an address that is too long, not https (unless local and allowed), carries a
    user name or password, or (with ``hosts``) points anywhere but those hosts."""
    if len(url) > URL_MAX_LENGTH:
        raise ValidationError(_("An address is at most %(max)s characters."), params={"max": URL_MAX_LENGTH})
    try:
        parts = urlsplit(url)
        port = parts.port  # a port that is not a number raises here
    except ValueError as error:
        raise ValidationError(_("Enter a valid address.")) from error
    if is_local(url):
        return
    if parts.scheme != "https" or not parts.hostname or parts.username or parts.password or port == 0:
        raise ValidationError(_("Enter an https:// address."))
    if hosts is not None and parts.hostname.lower() not in hosts:
        raise ValidationError(
            _("This platform's robots live at %(hosts)s."), params={"hosts": ", ".join(sorted(hosts))}
        )
