"""The id of the request (or task) being served, for every log line it writes.

A context variable rather than a thread-local: it follows the request through Django's
sync and async code alike, and a Celery task sets it from its message's headers.
"""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar

request_id: ContextVar[str] = ContextVar("request_id", default="")

# What we accept from a proxy's X-Request-ID: short, and safe to print in a log or a header.
_ACCEPTED = re.compile(r"[A-Za-z0-9._:-]{1,64}")


def request_id_from(header: str | None) -> str:
    """The id a proxy sent, if it looks like one; otherwise a new one."""
    if header and _ACCEPTED.fullmatch(header):
        return header
    return uuid.uuid4().hex


class RequestIdFilter:
    """A logging filter that puts the current request id on every record (empty outside one)."""

    def filter(self, record) -> bool:
        record.request_id = request_id.get()
        return True
