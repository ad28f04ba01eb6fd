"""The plan review reminder: each account plan whose review is due reminded to the account's
owner once per due review."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import AccountPlan
from users.notifications import notify


def _unreminded(plans):
    return plans.filter(Q(reminded_for__isnull=True) | ~Q(reminded_for=F("review_on")))


def review_reminders_send(*, today: datetime.date) -> int:
    """Remind each plan's account owner once of a review due by ``today``.

    A plan is claimed by a conditional UPDATE of ``reminded_for`` to its review date, so two
    workers or two runs never remind twice; ``notify``'s key (plan and review date) is the
    second guard. Marking the plan reviewed moves the date, and the next due review is
    reminded in its turn.
    """
    sent = 0
    due = _unreminded(AccountPlan.objects.filter(review_on__lte=today))
    for plan in due.select_related("account__owner").iterator(chunk_size=500):
        with transaction.atomic():
            claimed = _unreminded(AccountPlan.objects.filter(pk=plan.pk, review_on=plan.review_on)).update(
                reminded_for=F("review_on")
            )
            if not claimed:
                continue
            notify(
                recipients=[plan.account.owner],
                key=f"plan-review:{plan.pk}:{plan.review_on.isoformat()}",
                subject=_("Account plan review due: %(account)s"),
                body=_("The account plan of %(account)s is due for review on %(due)s."),
                params={"account": plan.account.name, "due": plan.review_on.isoformat()},
                link=reverse("accounts:detail", args=[plan.account_id]),
            )
            sent += 1
    return sent
