"""Writes for personal API tokens: made (shown once), used, revoked."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from users.permissions import is_admin

from .models import ApiToken

# Says what a leaked string is, for secret scanners and for people (not a secret itself).
TOKEN_PREFIX = "kac_"  # noqa: S105
MAX_LIFETIME_DAYS = 366


def digest_of(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def token_create(*, user, name: str, scope: str, expires_on: datetime.date) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns it with the token string, which is never stored or
    shown again. It expires at the end of ``expires_on`` (today to a year ahead)."""
    today = timezone.localdate()
    if not today <= expires_on <= today + datetime.timedelta(days=MAX_LIFETIME_DAYS):
        raise ValidationError({"expires_on": _("Choose an expiry date from today to a year ahead.")})
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires_at = timezone.make_aware(
        datetime.datetime.combine(expires_on + datetime.timedelta(days=1), datetime.time())
    )
    record = ApiToken(
        user=user, name=name.strip(), scope=scope, digest=digest_of(token), prefix=token[:12], expires_at=expires_at
    )
    record.full_clean()
    record.save()
    return record, token


@transaction.atomic
def token_revoke(*, token: ApiToken, actor) -> ApiToken:
    """Revoke ``token`` (its owner or an admin); it answers 401 from then on. Revoking twice
    keeps the first date."""
    if token.user_id != actor.pk and not is_admin(actor):
        raise PermissionDenied
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db(fields=["revoked_at"])
    return token


def token_used(*, token: ApiToken, now: datetime.datetime | None = None) -> None:
    """Note that ``token`` was just used.

    A sync script makes thousands of requests a minute: writing the row on each would turn
    every read into a write and make parallel requests queue on one row lock. So the time is
    kept to API_TOKEN_LAST_USED_EVERY_SECONDS: nothing is written when the loaded token says
    it was used within that time, and otherwise one conditional UPDATE, which of two requests
    at once only the first applies.
    """
    now = now or timezone.now()
    stale_before = now - datetime.timedelta(seconds=settings.API_TOKEN_LAST_USED_EVERY_SECONDS)
    if token.last_used_at is not None and token.last_used_at > stale_before:
        return
    ApiToken.objects.filter(Q(last_used_at__isnull=True) | Q(last_used_at__lte=stale_before), pk=token.pk).update(
        last_used_at=now
    )
    token.last_used_at = now
