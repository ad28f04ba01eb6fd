"""The account page's head: what matters about one account at a glance, on every tab.

Tier and level with their change since the previous run, score, the credit figures, the last
and next visit, open opportunities and complaints, the committee's coverage warnings and the
at-risk reasons (``dashboard.risks``, the one definition), the latest intelligence run's health
and relationship scores (``intelligence.selectors.latest_scores``) — all from the stored
figures, in one query of its own (:func:`with_head_figures`); and, for who may open the
account's core info, the plan's health (``plans.health``, the one definition) in one more
query. Registered with ``accounts.panels.register_head`` (``accounts`` cannot import the apps
whose figures it shows).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, IntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Account
from accounts.visibility import CORE_INFO, may
from contacts.selectors import stored_coverage, warnings_of
from deals.models import ZERO, Opportunity
from intelligence.selectors import latest_scores, top_reason
from plans.health import Health, health_of
from scoring.models import TIER_ORDER, Level
from visits.models import Complaint

from . import risks


@dataclass
class Head:
    account: Account  # annotated by :func:`with_head_figures`
    risks: list
    warnings: list
    trend: int  # the tier's move since the previous run: 1 up, -1 down, 0 level or unknown
    level: str  # labels of the level and the previous run's ("" when not scored)
    previous_level: str
    plan_health: Health | None = None  # None: no plan, or not for this user's eyes (core info)
    health_reason: str = ""  # the latest intelligence run's top health reason, translated


def _count(queryset) -> Subquery:
    return Coalesce(
        Subquery(queryset.order_by().values("account").annotate(n=Count("pk")).values("n"), IntegerField()),
        Value(0),
    )


# The coverage the committee's warnings read (``contacts.selectors.warnings_of``), not every
# buying role.
COVERAGE_READ = (
    "live_relationships",
    "covers_decision_maker",
    "covers_coach",
    "opponent_decision_maker",
    "decision_maker_changed",
)


def _extras(today: datetime.date) -> dict:
    # What the head shows beside the at-risk rows' figures (``risks.FIGURES``).
    opportunities = Opportunity.objects.filter(account=OuterRef("pk")).open().order_by().values("account")
    coverage = stored_coverage(today=today)
    return {
        **{name: coverage[name] for name in COVERAGE_READ},
        "score": F("standing__score"),
        "exposure": F("credit_position__exposure"),
        "credit_limit": F("credit_position__credit_limit"),
        "last_visited": F("visit_schedule__last_visited"),
        "open_complaints": _count(Complaint.objects.filter(account=OuterRef("pk"), resolved_at__isnull=True)),
        "open_opportunities": _count(Opportunity.objects.filter(account=OuterRef("pk")).open()),
        "pipeline_value": Coalesce(Subquery(opportunities.annotate(total=Sum("amount")).values("total")), Value(ZERO)),
        "position_as_of": F("credit_position__as_of"),
    }


def with_head_figures(accounts: QuerySet[Account], *, today: datetime.date | None = None) -> QuerySet[Account]:
    """``accounts`` with what :func:`account_head` reads: the risk flags with their figures
    (``risks.with_risk_flags``), the committee's coverage, the figures and counts of
    :func:`_extras` and the latest intelligence scores.

    Read in a query of its own rather than added to the account page's (which has its rights,
    its visibility and three joins already): folded in, the statement took PostgreSQL twice as
    long to plan as the two apart (2.0 ms against 0.45 + 0.5) and the ORM longer to compile,
    so the page with one query fewer was 1–2 ms slower (bench/README.md, 2026-12-06)."""
    today = today or timezone.localdate()
    return risks.with_risk_flags(accounts, today=today).annotate(**_extras(today), **latest_scores())


def account_head(*, user, account: Account, today: datetime.date | None = None) -> Head:
    """The head of ``account`` (which the page has already checked ``user`` may see): one query,
    and one more for the plan's health when ``user`` may open its core info (the account page
    loads that right with the account)."""
    today = today or timezone.localdate()
    row = with_head_figures(Account.objects.filter(pk=account.pk), today=today).only("pk").get()
    trend = 0
    if row.tier and row.previous_tier:
        before, now = TIER_ORDER[row.previous_tier], TIER_ORDER[row.tier]
        trend = (before > now) - (before < now)
    levels = dict(Level.choices)
    return Head(
        account=row,
        risks=risks.reasons_of(row, today=today),
        warnings=warnings_of(row),
        trend=trend,
        level=str(levels.get(row.level, "")),
        previous_level=str(levels.get(row.previous_level, "")),
        plan_health=health_of(account=account, today=today) if may(user, CORE_INFO, account) else None,
        health_reason=top_reason(row.health_reasons),
    )
