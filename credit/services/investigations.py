"""Credit investigations: the ratings, the score and suggested limit they give, and the review they close."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Account
from accounts.money import CENT
from users.models import User

from .. import selectors
from ..conf import policy
from ..models import (
    ITEM_NAMES,
    CreditInvestigation,
    CreditReview,
    ReviewStatus,
)
from .base import CreditError


def rate_investigation(ratings: dict[str, int]) -> tuple[Decimal, str, Decimal]:
    """Score (0–100), rating and suggested limit for the item ratings, by the configured rule:
    the weighted mean of the 1–5 ratings as a percentage, then the first band it reaches."""
    config = policy()
    weights = config["item_weights"]
    total_weight = sum(Decimal(weights[name]) for name in ITEM_NAMES)
    weighted = sum(Decimal(ratings[name]) * Decimal(weights[name]) for name in ITEM_NAMES)
    score = (weighted / (total_weight * 5) * 100).quantize(CENT, ROUND_HALF_UP)
    bands = config["rating_bands"]
    for rating, lowest, limit in bands:
        if score >= Decimal(lowest):
            return score, rating, Decimal(limit)
    rating, _lowest, limit = bands[-1]
    return score, rating, Decimal(limit)


@transaction.atomic
def investigation_create(*, account: Account, actor: User, fields: dict) -> CreditInvestigation:
    """Record an investigation with its rating; it closes the account's open review."""
    investigation = CreditInvestigation(account=account, author=actor, **fields)
    _rate(investigation)
    investigation.full_clean()
    investigation.save()
    CreditReview.objects.filter(account=account, status=ReviewStatus.OPEN).update(
        status=ReviewStatus.CLOSED, closed_at=timezone.now(), closed_by=investigation
    )
    return investigation


@transaction.atomic
def investigation_update(*, investigation: CreditInvestigation, actor: User, fields: dict) -> CreditInvestigation:
    """Change an investigation unless a decided request used it (then it is evidence, read-only).

    The row is locked, so a decision cannot slip in between the check and the write.
    """
    stored = CreditInvestigation.objects.select_for_update().get(pk=investigation.pk)
    if selectors.investigation_is_locked(stored):
        raise CreditError(_("This investigation supported a decided request and can no longer be changed."))
    for name, value in fields.items():
        setattr(stored, name, value)
    _rate(stored)
    stored.full_clean()
    stored.save(update_fields=[*fields, "score", "rating", "suggested_limit", "updated_at"])
    return stored


def _rate(investigation: CreditInvestigation) -> None:
    ratings = {name: getattr(investigation, name) for name in ITEM_NAMES}
    investigation.score, investigation.rating, investigation.suggested_limit = rate_investigation(ratings)
