"""Which accounts are at risk and why: the one definition, read from the stored figures.

An account is at risk for each of these reasons (``RISKS``):

- **downgraded**: its ABC tier or its level fell at the latest scoring run
  (``scoring.selectors.downgraded`` on ``scoring.AccountStanding``: the downgrade alerts'
  definition, which tells the owners of key accounts);
- **overdue receivables**: part of what it owes is past due (``credit.CreditPosition``: the
  overdue amount and its oldest due date, as of the position's day);
- **over the credit limit**: its exposure is above the limit in force (utilisation > 100 %);
- **visit overdue**: its next visit by its cadence is before today (``visits.VisitSchedule``);
- **serious complaint**: a high or critical complaint is open;
- and, for a key account only (tier A, or a VIP / key level), a thin buying committee as
  ``contacts.selectors.coverage_expressions`` defines it: single-threaded, no decision-maker,
  no coach, or a decision-maker who left or gave up the role recently. A small account with
  one contact is normal; a key account with one is a risk.

:func:`risk_flags` states the rule once as SQL expressions; the dashboard, the at-risk list,
the rep's home, the account head and the scoring alerts all filter and describe with it.
Nothing is recomputed here: every reason reads a stored figure joined one to one by the
account's key (the committee's is ``contacts.AccountCoverage``), so the list of every account
at risk walks the standings' revenue index and stops at its page.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from accounts.models import Account
from contacts.selectors import stored_warnings
from intelligence.selectors import latest_scores
from scoring.models import LEVEL_ORDER, TIER_ORDER, Level, Tier
from scoring.selectors import downgraded
from visits.models import Complaint, Severity

SERIOUS_SEVERITIES = (Severity.HIGH, Severity.CRITICAL)


@dataclass(frozen=True)
class RiskKind:
    label: str
    tab: str  # the account page's tab that shows it
    severe: bool = False  # money or the relationship at stake now: shown in red


RISKS = {
    "downgraded": RiskKind(_("Downgraded"), "tiering", severe=True),
    "overdue": RiskKind(_("Overdue receivables"), "credit", severe=True),
    "over_limit": RiskKind(_("Over the credit limit"), "credit", severe=True),
    "visit_overdue": RiskKind(_("Visit overdue"), "visits"),
    "complaint": RiskKind(_("Open serious complaint"), "visits", severe=True),
    "single_threaded": RiskKind(_("Single-threaded"), "committee"),
    "no_decision_maker": RiskKind(_("No decision-maker"), "committee"),
    "no_coach": RiskKind(_("No coach"), "committee"),
    "decision_maker_left": RiskKind(_("Decision-maker left or changed role"), "committee"),
}

# The at-risk list's orders: revenue at stake (the 12-month measure of the latest run) first,
# read down the standings' measure index (``standing_measure_desc``) until the page is full.
RISK_SORTS = {
    "revenue": ("-standing__measure", "name", "pk"),
    "overdue": (F("credit_position__overdue_amount").desc(nulls_last=True), "name", "pk"),
    "utilisation": (F("credit_position__utilisation").desc(nulls_last=True), "name", "pk"),
    "name": ("name", "pk"),
}

# What a row shows beside its reasons, and what its reasons read (:func:`reasons_of`), all from
# the stored tables joined one to one. The account head shows more (``account_head``).
FIGURES = {
    "tier": F("standing__abc_tier"),
    "previous_tier": F("standing__previous_abc_tier"),
    "level": F("standing__level"),
    "previous_level": F("standing__previous_level"),
    "revenue": F("standing__measure"),
    "overdue_amount": F("credit_position__overdue_amount"),
    "oldest_due": F("credit_position__oldest_due"),
    "utilisation": F("credit_position__utilisation"),
    "next_due": F("visit_schedule__next_due"),
}


def _flag(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


def _serious_complaints() -> QuerySet[Complaint]:
    return Complaint.objects.filter(account=OuterRef("pk"), resolved_at__isnull=True, severity__in=SERIOUS_SEVERITIES)


KEY_ACCOUNT = Q(standing__abc_tier=Tier.A) | Q(standing__level__in=[Level.VIP, Level.KEY])
# The committee's reasons: risk key -> the contacts app's warning, raised on a key account only.
COMMITTEE_REASONS = {
    "single_threaded": "single_threaded",
    "no_decision_maker": "no_decision_maker",
    "no_coach": "no_coach",
    "decision_maker_left": "decision_maker_changed",
}


def _account_reasons(today: datetime.date) -> dict[str, Q]:
    # The reasons of the account itself, whatever its size.
    return {
        "downgraded": downgraded("standing__"),
        "overdue": Q(credit_position__overdue_amount__gt=0),
        "over_limit": Q(credit_position__utilisation__gt=1),
        "visit_overdue": Q(visit_schedule__next_due__lt=today),
        "complaint": Q(Exists(_serious_complaints())),
    }


def reason_filters(*, today: datetime.date) -> dict[str, Q]:
    """Each key of ``RISKS`` as a filter on an account queryset: the rule, stated once, on the
    stored figures (the committee's through ``contacts.selectors.stored_warnings``)."""
    warnings = stored_warnings(today=today)
    committee = {key: KEY_ACCOUNT & warnings[warning] for key, warning in COMMITTEE_REASONS.items()}
    return {**_account_reasons(today), **committee}


def at_risk_filter(*, today: datetime.date) -> Q:
    """An account raising any reason of ``RISKS``: :func:`reason_filters` or-ed, the key-account
    test written once for the committee's four (a shorter plan to make and to run)."""
    warnings = stored_warnings(today=today)
    condition = Q()
    for reason in _account_reasons(today).values():
        condition |= reason
    committee = Q()
    for warning in COMMITTEE_REASONS.values():
        committee |= warnings[warning]
    return condition | (KEY_ACCOUNT & committee)


def risk_flags(*, today: datetime.date) -> dict:
    """``risk_<key>`` for each key of ``RISKS``: :func:`reason_filters` as boolean SQL
    expressions, to select with a row."""
    return {f"risk_{key}": _flag(condition) for key, condition in reason_filters(today=today).items()}


def with_risk_flags(accounts: QuerySet[Account], *, today: datetime.date) -> QuerySet[Account]:
    """``accounts`` with the risk flags and the figures each reason shows, for the rows shown
    (:func:`reasons_of`): what every list of accounts at risk reads, and no more, since each
    annotation costs the ORM time to build on every page."""
    complaints = _serious_complaints().order_by().values("account").annotate(n=Count("pk")).values("n")
    return accounts.annotate(
        **risk_flags(today=today),
        **FIGURES,
        serious_complaints=Coalesce(Subquery(complaints, output_field=IntegerField()), Value(0)),
    )


def at_risk(
    accounts: QuerySet[Account], *, today: datetime.date, sort: str = "revenue", reason: str = ""
) -> QuerySet[Account]:
    """The accounts of ``accounts`` at risk (for ``reason`` only, a key of ``RISKS``, when
    given), in the order ``sort`` (a key of ``RISK_SORTS``); :func:`describe` loads the rows of
    a page with their reasons.

    Only the accounts of the latest scoring run are listed (every account is scored each
    night; one created since joins at the next run): revenue at stake is the run's measure,
    and the standing joined by its key lets PostgreSQL walk the measure index from the top and
    stop at the page, where an outer join would sort every account first."""
    order = RISK_SORTS.get(sort, RISK_SORTS["revenue"])
    condition = reason_filters(today=today)[reason] if reason in RISKS else at_risk_filter(today=today)
    return accounts.filter(standing__isnull=False).filter(condition).order_by(*order)


@dataclass(frozen=True)
class Risk:
    """One reason an account is at risk, with its figure: an amount, a number of days, a ratio,
    a count or a tier change (whichever the reason has)."""

    key: str
    label: str
    tab: str
    severe: bool
    amount: Decimal | None = None
    days: int | None = None
    ratio: Decimal | None = None
    count: int | None = None
    change: str = ""


def reasons_of(account: Account, *, today: datetime.date, labels: dict[str, str] | None = None) -> list[Risk]:
    """The reasons raised on an account loaded by :func:`with_risk_flags`; ``labels``: the
    reasons' labels in the active language, when a caller describing many rows has them."""
    labels = labels or risk_labels()
    figures = {
        "downgraded": {"change": _change(account)},
        "overdue": {"amount": account.overdue_amount, "days": _days_since(account.oldest_due, today)},
        "over_limit": {"ratio": account.utilisation},
        "visit_overdue": {"days": _days_since(account.next_due, today)},
        "complaint": {"count": account.serious_complaints},
    }
    return [
        Risk(key=key, label=labels[key], tab=kind.tab, severe=kind.severe, **figures.get(key, {}))
        for key, kind in RISKS.items()
        if getattr(account, f"risk_{key}")
    ]


def _change(account: Account) -> str:
    # What fell, as the alerts say it: the tier ("A → B"), the level, or both.
    changes = []
    if account.previous_tier and TIER_ORDER[account.previous_tier] < TIER_ORDER[account.tier]:
        changes.append(f"{account.previous_tier} → {account.tier}")
    if account.previous_level and LEVEL_ORDER[account.previous_level] < LEVEL_ORDER[account.level]:
        changes.append(f"{Level(account.previous_level).label} → {Level(account.level).label}")
    return " · ".join(changes)


def risk_labels() -> dict[str, str]:
    """Each reason's label, translated once (not once per row)."""
    return {key: str(kind.label) for key, kind in RISKS.items()}


def _days_since(day: datetime.date | None, today: datetime.date) -> int | None:
    return (today - day).days if day is not None else None


# What a row of the at-risk lists shows of the account and its owner (``User.__str__``).
ROW_FIELDS = ("pk", "code", "name", "owner__first_name", "owner__last_name", "owner__username")


def describe(ids: list[int], *, today: datetime.date, queryset: QuerySet[Account] | None = None) -> list[Account]:
    """The accounts of ``ids`` in that order, each with its figures, ``risks`` and the latest
    intelligence run's health and relationship scores (one query): the columns a row of the
    lists shows (``dashboard/_risk_table.html``), not the whole file."""
    queryset = Account.objects.all() if queryset is None else queryset
    rows = with_risk_flags(queryset.filter(pk__in=ids), today=today).annotate(**latest_scores())
    rows = rows.select_related("owner").only(*ROW_FIELDS)
    by_id = {account.pk: account for account in rows}
    accounts = [by_id[pk] for pk in ids if pk in by_id]
    labels = risk_labels()
    for account in accounts:
        account.risks = reasons_of(account, today=today, labels=labels)
    return accounts


def at_risk_page(accounts: QuerySet[Account], *, today: datetime.date, limit: int) -> list:
    """The first ``limit`` accounts at risk by revenue at stake with their reasons, in two
    queries, for the short lists (the dashboard's, a rep's home): the first rows of
    :func:`at_risk`."""
    ids = at_risk(accounts, today=today).values_list("pk", flat=True)
    return describe(list(ids[:limit]), today=today)
