"""Sending one delivery (a chat message or a webhook request), shared by both kinds.

A delivery is claimed by a conditional UPDATE (PENDING → SENDING) before anything is sent,
so a task delivered twice, or a task and the sweep, send it once. The answer decides what
follows: delivered; tried again later with exponential back-off (no answer, a 5xx, 408 or
429, a platform's rate limit); or failed for good (any other refusal, or the last attempt).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import requests
from django.conf import settings
from django.db.models import F
from django.utils import timezone

from .models import RESPONSE_MAX_CHARS, Delivery, DeliveryStatus
from .validators import outbound_refusal

# Connect and read timeouts, in seconds: a slow receiver must not hold a worker.
TIMEOUT = (3, 10)
RETRIED_STATUSES = frozenset({408, 429})


@dataclass(frozen=True)
class Answer:
    """What came back from one request: ``ok`` when it was accepted; ``again`` when a later
    attempt may succeed."""

    ok: bool
    again: bool
    status: int | None = None
    body: str = ""
    error: str = ""


def post_json(url: str, body: bytes, headers: dict | None = None) -> Answer:
    """POST ``body`` to ``url`` without following redirects, reading at most
    RESPONSE_MAX_CHARS of the answer; never raises for the network or the receiver. An
    address that now resolves inside our network is not called (failed for good)."""
    if refusal := outbound_refusal(url):
        return Answer(ok=False, again=False, error=refusal)
    headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": "KeyAccountCRM", **(headers or {})}
    try:
        with requests.post(
            url, data=body, headers=headers, timeout=TIMEOUT, stream=True, allow_redirects=False
        ) as response:
            text = response.raw.read(RESPONSE_MAX_CHARS * 4, decode_content=True).decode("utf-8", "replace")
    except (requests.RequestException, OSError) as error:
        return Answer(ok=False, again=True, error=f"{type(error).__name__}: {error}"[:500])
    status = response.status_code
    return Answer(
        ok=200 <= status < 300,
        again=status >= 500 or status in RETRIED_STATUSES,
        status=status,
        body=text[:RESPONSE_MAX_CHARS],
    )


def claim(model: type[Delivery], pk: int) -> bool:
    """Take delivery ``pk`` for sending; False when another worker has it or it is done."""
    return bool(
        model.objects.filter(pk=pk, status=DeliveryStatus.PENDING).update(
            status=DeliveryStatus.SENDING, attempts=F("attempts") + 1, last_attempt_at=timezone.now()
        )
    )


def backoff_seconds(attempts: int) -> int:
    """Seconds before the next attempt after ``attempts`` failed ones: 30 s, 1 min, 2 min…"""
    return settings.INTEGRATIONS_RETRY_BASE_SECONDS * 2 ** (attempts - 1)


def record(model: type[Delivery], pk: int, answer: Answer) -> int | None:
    """Store the outcome of the claimed delivery ``pk``. Returns the seconds to wait before
    trying again, or None when it is settled (delivered, or failed for good)."""
    attempts = model.objects.values_list("attempts", flat=True).get(pk=pk)
    now = timezone.now()
    fields = {"response_status": answer.status, "response_body": answer.body, "error": answer.error}
    if answer.ok:
        model.objects.filter(pk=pk).update(status=DeliveryStatus.SENT, delivered_at=now, next_attempt_at=None, **fields)
        return None
    if answer.again and attempts < settings.INTEGRATIONS_MAX_ATTEMPTS:
        delay = backoff_seconds(attempts)
        model.objects.filter(pk=pk).update(
            status=DeliveryStatus.PENDING, next_attempt_at=now + timedelta(seconds=delay), **fields
        )
        return delay
    model.objects.filter(pk=pk).update(status=DeliveryStatus.FAILED, next_attempt_at=None, **fields)
    return None


def give_up(model: type[Delivery], pk: int, error: str) -> None:
    """Settle a claimed delivery that must not be sent (its destination was switched off)."""
    model.objects.filter(pk=pk).update(status=DeliveryStatus.FAILED, next_attempt_at=None, error=error[:500])


def due(model: type[Delivery], *, older_than_seconds: int = 60):
    """Deliveries whose task was lost (the broker was down, a worker died): pending and due
    for a minute, or claimed and silent for longer than a request can take."""
    now = timezone.now()
    cutoff = now - timedelta(seconds=older_than_seconds)
    stuck = now - timedelta(seconds=10 * sum(TIMEOUT))
    model.objects.filter(status=DeliveryStatus.SENDING, last_attempt_at__lt=stuck).update(
        status=DeliveryStatus.PENDING, next_attempt_at=now
    )
    pending = model.objects.filter(status=DeliveryStatus.PENDING, created_at__lt=cutoff)
    return pending.filter(next_attempt_at__isnull=True) | pending.filter(next_attempt_at__lt=cutoff)
