"""Plan health: the one definition of how well an account plan is kept, for the account's head,
the managers' list of plans and anything else that shows it.

A plan has one point against it for each of these reasons:

- no open objective has a measurable target;
- one or more of its open actions are past their due date;
- its review is due: never reviewed, no next review set, or the next review has passed;
- one or more of its text sections (``accounts.models.PLAN_SECTIONS``) are empty or were not
  updated for PLANS_STALE_SECTION_DAYS.

Band: no point is *good*, one is *fair*, two or more is *poor*. The points and the band are
SQL expressions (:func:`with_health`), so a list filters and sorts on them; :func:`reasons_of`
names the reasons of an annotated row.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import PLAN_SECTIONS, AccountPlan

from .models import Objective, ObjectiveStatus, PlanAction


class Band:
    GOOD, FAIR, POOR = "good", "fair", "poor"
    choices = [(GOOD, _("Good")), (FAIR, _("Fair")), (POOR, _("Poor"))]


BAND_LABELS = dict(Band.choices)


@dataclass(frozen=True)
class Health:
    band: str
    label: str
    reasons: list[str]
    days_since_review: int | None


def _count(queryset) -> Coalesce:
    counted = queryset.order_by().values("account").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, IntegerField()), Value(0))


def _flag(condition: Q) -> Case:
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def _stale_sections(today: datetime.date) -> object:
    cutoff = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=settings.PLANS_STALE_SECTION_DAYS), datetime.time())
    )
    total = Value(0)
    for section, names in PLAN_SECTIONS.items():
        stamp = f"{section}_updated_at"
        empty = Q(**dict.fromkeys(names, ""))
        total = total + _flag(Q(**{f"{stamp}__isnull": True}) | Q(**{f"{stamp}__lt": cutoff}) | empty)
    return total


# The band by points (a point per reason): none is good, one fair, more poor.
BAND_BY_POINTS = {0: Band.GOOD, 1: Band.FAIR}


def band_for(points: int) -> str:
    return BAND_BY_POINTS.get(points, Band.POOR)


def with_health_figures(plans: QuerySet[AccountPlan], *, today: datetime.date) -> QuerySet[AccountPlan]:
    """``plans`` with ``targeted_objectives``, ``overdue_actions``, ``stale_sections`` and
    ``review_due`` (0/1): what :func:`reasons_of` reads, each written once in the query. (The
    points and band of :func:`with_health` repeat them in SQL, three and four times over: a
    statement several times longer to build, for a page that shows one plan.)"""
    targeted = Objective.objects.filter(account=OuterRef("account"), status=ObjectiveStatus.OPEN, target__isnull=False)
    overdue = PlanAction.objects.filter(account=OuterRef("account"), done_at__isnull=True, due_on__lt=today)
    return plans.annotate(
        targeted_objectives=_count(targeted),
        overdue_actions=_count(overdue),
        stale_sections=_stale_sections(today),
        review_due=_flag(Q(review_on__isnull=True) | Q(review_on__lt=today) | Q(reviewed_at__isnull=True)),
    )


def with_health(plans: QuerySet[AccountPlan], *, today: datetime.date) -> QuerySet[AccountPlan]:
    """``plans`` with :func:`with_health_figures`, ``health_points`` and ``health_band``, in the
    same query, so a list filters and sorts on them."""
    plans = with_health_figures(plans, today=today)
    plans = plans.annotate(
        health_points=_flag(Q(targeted_objectives=0))
        + _flag(Q(overdue_actions__gt=0))
        + _flag(Q(stale_sections__gt=0))
        + _flag(Q(review_due=1))
    )
    bands = [When(health_points=points, then=Value(band)) for points, band in BAND_BY_POINTS.items()]
    return plans.annotate(health_band=Case(*bands, default=Value(Band.POOR)))


def reasons_of(plan: AccountPlan, *, today: datetime.date) -> Health:
    """The health of a plan annotated by :func:`with_health_figures`, with its reasons in words;
    its band is :func:`band_for` the number of reasons, as :func:`with_health` says in SQL."""
    reasons = []
    if plan.targeted_objectives == 0:
        reasons.append(str(_("No open objective with a measurable target")))
    if plan.overdue_actions:
        reasons.append(
            ngettext("%(n)d action overdue", "%(n)d actions overdue", plan.overdue_actions)
            % {"n": plan.overdue_actions}
        )
    days = (today - timezone.localdate(plan.reviewed_at)).days if plan.reviewed_at else None
    if plan.review_due:
        reasons.append(
            str(_("Review due (last reviewed %(days)d days ago)") % {"days": days})
            if days is not None
            else str(_("Never reviewed"))
        )
    if plan.stale_sections:
        reasons.append(
            ngettext(
                "%(n)d section empty or not updated for %(days)d days",
                "%(n)d sections empty or not updated for %(days)d days",
                plan.stale_sections,
            )
            % {"n": plan.stale_sections, "days": settings.PLANS_STALE_SECTION_DAYS}
        )
    band = band_for(len(reasons))
    return Health(band=band, label=str(BAND_LABELS[band]), reasons=reasons, days_since_review=days)


def health_of(*, account, today: datetime.date | None = None) -> Health | None:
    """The health of ``account``'s plan (one query), or None when it has no plan."""
    today = today or timezone.localdate()
    plan = with_health_figures(AccountPlan.objects.filter(account=account), today=today).only(
        "pk", "account", "reviewed_at", "review_on", *(f"{s}_updated_at" for s in PLAN_SECTIONS)
    )
    plan = plan.first()
    return reasons_of(plan, today=today) if plan else None
