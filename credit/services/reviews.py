"""Credit reviews opened by the daily job: overdue payments, high utilisation or a tier drop."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Account
from users.notifications import notify

from .. import selectors
from ..conf import policy
from ..models import (
    CreditInvestigation,
    CreditReview,
    ReviewStatus,
    ReviewTrigger,
)


@transaction.atomic
def reviews_open_due(*, today: datetime.date | None = None) -> list[CreditReview]:
    """Open a review for each account whose payments are overdue beyond the threshold, whose
    utilisation is above it or whose ABC tier dropped at the last scoring run, unless one is
    open or an investigation is recent; tell the owner.

    One INSERT for all accounts; the partial unique constraint (one open review per account)
    makes a second run, or a concurrent one, open nothing more. Returns the reviews opened.
    """
    today = today or timezone.localdate()
    config = policy()
    overdue_since = today - datetime.timedelta(days=int(config["review_overdue_days"]))
    recent = CreditInvestigation.objects.filter(
        account=OuterRef("pk"), investigated_on__gt=today - datetime.timedelta(days=int(config["review_quiet_days"]))
    )
    open_review = CreditReview.objects.filter(account=OuterRef("pk"), status=ReviewStatus.OPEN)
    rows = selectors.review_candidates(
        Account.objects.exclude(Exists(recent)).exclude(Exists(open_review)),
        today=today,
        overdue_since=overdue_since,
        utilisation_above=Decimal(config["review_utilisation"]),
    )
    CreditReview.objects.bulk_create(
        [
            CreditReview(
                account_id=pk,
                trigger=_trigger(oldest_due, tier_dropped, overdue_since),
                opened_on=today,
            )
            for pk, oldest_due, tier_dropped in rows
        ],
        ignore_conflicts=True,
    )
    opened = list(
        CreditReview.objects.filter(account_id__in=[row[0] for row in rows], opened_on=today, status=ReviewStatus.OPEN)
        .select_related("account", "account__owner")
        .order_by("pk")
    )
    for review in opened:
        _notify_review(review)
    return opened


def _trigger(oldest_due: datetime.date | None, tier_dropped: bool, overdue_since: datetime.date) -> str:
    if oldest_due is not None and oldest_due < overdue_since:
        return ReviewTrigger.OVERDUE
    if tier_dropped:
        return ReviewTrigger.TIER_DROP
    return ReviewTrigger.UTILISATION


def _notify_review(review: CreditReview) -> None:
    notify(
        recipients=[review.account.owner],
        key=f"credit:review:{review.pk}",
        subject=_("Credit review due for %(account)s"),
        body=_("%(trigger)s: investigate the credit of %(account)s again. A new investigation closes the review."),
        params={"account": review.account.name, "trigger": review.get_trigger_display()},
        link=review.account.get_absolute_url(),
    )
