"""The addresses the server may call: https only (http://127.0.0.1 too when
INTEGRATIONS_ALLOW_LOCAL_URLS is on, for development and the tests' local receivers), and
never an address inside our own network (SSRF): loopback, private, link-local (the cloud
metadata service), reserved. INTEGRATIONS_ALLOW_PRIVATE_ADDRESSES lets an on-premises ERP
on a private or loopback address be subscribed; link-local and reserved stay refused.

A name is checked twice: as written when the address is saved, and as it resolves just
before each request (a name may point inside later: DNS rebinding).
"""

from __future__ import annotations

import ipaddress
import socket
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
    if refusal := _inside(parts.hostname, resolve=False):
        raise ValidationError(refusal)
    if hosts is not None and parts.hostname.lower() not in hosts:
        raise ValidationError(
            _("This platform's robots live at %(hosts)s."), params={"hosts": ", ".join(sorted(hosts))}
        )


def _refused_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    mapped = getattr(address, "ipv4_mapped", None)
    address = mapped or address
    if address.is_global:
        return False
    never = address.is_link_local or address.is_multicast or address.is_unspecified or address.is_reserved
    return never or not settings.INTEGRATIONS_ALLOW_PRIVATE_ADDRESSES


def _inside(hostname: str, *, resolve: bool) -> str | None:
    """Why ``hostname`` may not be called (an address inside our network), or None. With
    ``resolve``, a name is looked up; a name that does not resolve is left to the request."""
    host = hostname.strip("[]").rstrip(".").lower()
    refusal = str(_("This address points inside our own network."))
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
            return None if settings.INTEGRATIONS_ALLOW_PRIVATE_ADDRESSES else refusal
        if not resolve:
            return None
        try:
            addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in socket.getaddrinfo(host, None)]
        except (OSError, UnicodeError, ValueError):
            return None
    return refusal if any(_refused_address(address) for address in addresses) else None


def outbound_refusal(url: str) -> str | None:
    """Why the server must not send to ``url`` now (it resolves inside our network), or None;
    checked just before each request."""
    if is_local(url):
        return None
    hostname = urlsplit(url).hostname
    return _inside(hostname, resolve=True) if hostname else str(_("Enter a valid address."))
