"""Reads for opportunities: the board, the lists, one deal and its buying committee, the team's
pipeline by stage. One function per page, each a fixed number of queries."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum, Window
from django.db.models.functions import RowNumber, TruncMonth
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.money import Cents
from accounts.visibility import get_visible_or_404
from contacts.models import BuyingRole, Contact
from customfields import values as custom_values

from .models import (
    ZERO,
    Opportunity,
    OpportunityContact,
    PipelineStage,
    StageOutcome,
)

CLOSED_ON_BOARD_DAYS = 90
# Per column, the soonest to close: a column fits a screen or two (a phone scrolls it), and the
# "N more" link opens the list filtered to the stage for the rest.
BOARD_CARDS = 12
# The roles whose absence loses deals (a lost order of the demo had no decision-maker and no
# technical contact covered): warned about on every opportunity.
REQUIRED_DEAL_ROLES = (BuyingRole.DECISION_MAKER, BuyingRole.TECHNICAL, BuyingRole.COACH)


def active_stages() -> list[PipelineStage]:
    return list(PipelineStage.objects.filter(is_active=True).order_by("position"))


def opportunity_board(*, user) -> list[dict]:
    """The board: each active stage with its visible opportunities' count and value, and
    its first BOARD_CARDS cards by expected close, each open one flagged ``past_due`` when its
    expected close date has passed.

    Three queries whatever the number of opportunities: the stages; the count and values per
    stage, grouped; the cards shown (about 120) with their accounts and owners, chosen by a
    ranking per stage in a subquery over the opportunities' own narrow columns (ranking 12 000
    rows with the names carried along would join every account first). The totals and the
    ranking read every visible opportunity, so they use the rule's split form
    (``visible_in_bulk_to``).

    Open stages count every opportunity; won and lost ones only those closed in the last
    CLOSED_ON_BOARD_DAYS days, so the board does not fill up with history.
    """
    stages = active_stages()
    on_board = Opportunity.objects.visible_in_bulk_to(user).filter(_on_board(stages))
    totals = _totals_by_stage(on_board)
    cards = _first_cards(on_board, columns=len(stages))
    today = timezone.localdate()
    columns = []
    for stage in stages:
        shown = cards.get(stage.pk, [])
        for card in shown:  # an open deal whose close date has passed needs a new date or an outcome
            card.past_due = (
                stage.outcome == StageOutcome.OPEN and bool(card.expected_close) and card.expected_close < today
            )
        total = totals.get(stage.pk, {})
        count = total.get("count", 0)
        columns.append(
            {
                "stage": stage,
                "opportunities": shown,
                "count": count,
                "more": count - len(shown),
                "amount": total.get("amount", ZERO),
                "weighted": total.get("weighted", ZERO),
            }
        )
    return columns


def _on_board(stages: list[PipelineStage]) -> Q:
    """The opportunities a board of ``stages`` holds: every one in an open stage, those in a
    won or lost stage closed in the last CLOSED_ON_BOARD_DAYS days (by stage id: no join)."""
    since = timezone.localdate() - datetime.timedelta(days=CLOSED_ON_BOARD_DAYS)
    open_ids = [stage.pk for stage in stages if not stage.is_closed]
    closed_ids = [stage.pk for stage in stages if stage.is_closed]
    return Q(stage__in=open_ids) | Q(stage__in=closed_ids, closed_on__gte=since)


def _totals_by_stage(opportunities: QuerySet[Opportunity]) -> dict[int, dict]:
    """Count, amount and probability-weighted amount of ``opportunities`` per stage id, in one
    grouped query (the board's columns and the team pipeline's rows)."""
    rows = (
        opportunities.with_weighted()
        .order_by()
        .values("stage")
        .annotate(
            count=Count("pk"),
            amount=Cents(Sum("amount", default=ZERO)),
            weighted=Cents(Sum("weighted_amount", default=ZERO)),
        )
    )
    return {row["stage"]: row for row in rows}


# A column's order: soonest expected close first, undated last.
CARD_ORDER = (F("expected_close").asc(nulls_last=True), F("pk").asc())


def _first_cards(opportunities: QuerySet[Opportunity], *, columns: int) -> dict[int, list[Opportunity]]:
    """The first BOARD_CARDS of ``opportunities`` in each of ``columns`` stages, by stage id, in
    CARD_ORDER.

    The ranking's LIMIT cuts nothing (at most BOARD_CARDS a stage pass the rank filter) but tells
    PostgreSQL how few ids come out: without it the planner guesses thousands and joins every
    account to the cards instead of looking up the ~120 shown.
    """
    ranked = (
        opportunities.annotate(rank=Window(RowNumber(), partition_by=[F("stage_id")], order_by=CARD_ORDER))
        .filter(rank__lte=BOARD_CARDS)
        .values("pk")[: BOARD_CARDS * columns]
    )
    cards: dict[int, list[Opportunity]] = {}
    shown = (
        Opportunity.objects.filter(pk__in=ranked)
        .select_related("account", "owner")
        .only(*BOARD_CARD_FIELDS)
        .order_by("stage_id", *CARD_ORDER)
    )
    for card in shown:
        cards.setdefault(card.stage_id, []).append(card)
    return cards


# What a board card or list row shows: narrower than whole accounts and users.
BOARD_CARD_FIELDS = (
    "name",
    "amount",
    "probability",
    "expected_close",
    "stage_id",
    "account__name",
    "owner__username",
    "owner__first_name",
    "owner__last_name",
)


def account_opportunities(*, user, account) -> list[Opportunity]:
    """The account's open opportunities, soonest expected close first."""
    return list(
        Opportunity.objects.visible_to(user)
        .filter(account=account)
        .open()
        .with_weighted()
        .select_related("stage", "owner")
        .order_by(F("expected_close").asc(nulls_last=True), "pk")
    )


def opportunity_list(
    *, user, stage=None, open_only: bool = False, custom: tuple = (), to_count: bool = False
) -> QuerySet[Opportunity]:
    """The list's rows, soonest expected close first; ``custom`` holds (definition, value) pairs
    of custom fields to match (customfields.values). ``to_count``: the same rows read through
    the rule's split form, for counting them: a page of 25 walks the (expected_close, id) index
    testing each row's visibility (``visible_to``), a count up to the paginator's cap reads
    every row (a rep's count: 29 → 5 ms at 50 000 accounts)."""
    visible = Opportunity.objects.visible_in_bulk_to(user) if to_count else Opportunity.objects.visible_to(user)
    opportunities = (
        visible.with_weighted()
        .select_related("account", "owner", "stage")
        .only(*BOARD_CARD_FIELDS, "lost_reason", "stage__name", "stage__outcome")
    )
    if stage is not None:
        opportunities = opportunities.filter(stage=stage)
    if open_only:
        opportunities = opportunities.open()
    for definition, value in custom:
        opportunities = opportunities.filter(custom_values.lookup(definition, value))
    return opportunities.order_by("expected_close", "pk")


def opportunity_export(*, user, stage=None, open_only: bool = False, custom: tuple = ()) -> QuerySet[Opportunity]:
    """The list's rows as ``opportunity_list`` gives them, with the account's code and the
    custom fields for the file."""
    return opportunity_list(user=user, stage=stage, open_only=open_only, custom=custom).only(
        *BOARD_CARD_FIELDS, "lost_reason", "stage__name", "stage__outcome", "account__code", "custom"
    )


def opportunity_for(*, user, pk: int) -> Opportunity:
    return get_visible_or_404(Opportunity.objects.select_related("account", "stage", "owner"), user, pk=pk)


def team_pipeline(*, user) -> list[dict]:
    """Open pipeline value per stage for the opportunities ``user`` may see (a manager: the
    team's), in one grouped query: count, amount and probability-weighted amount."""
    by_stage = _totals_by_stage(Opportunity.objects.visible_in_bulk_to(user).open().filter(stage__is_active=True))
    stages = [stage for stage in active_stages() if not stage.is_closed]
    return [
        {
            "stage": stage,
            "count": by_stage.get(stage.pk, {}).get("count", 0),
            "amount": Decimal(by_stage.get(stage.pk, {}).get("amount", ZERO)),
            "weighted": Decimal(by_stage.get(stage.pk, {}).get("weighted", ZERO)),
        }
        for stage in stages
    ]


def forecast_by_close_month(opportunities: QuerySet[Opportunity], *, first: datetime.date, months: int) -> list[dict]:
    """The probability-weighted value (``with_weighted``, the board's and the team pipeline's
    rule) of the open ones of ``opportunities`` expected to close in each of ``months`` months
    from the month of ``first``, in one grouped query: [{"month", "count", "weighted"}]."""
    start = first.replace(day=1)
    starts = [start]
    for _index in range(months):
        starts.append((starts[-1] + datetime.timedelta(days=32)).replace(day=1))
    rows = (
        opportunities.open()
        .filter(expected_close__gte=starts[0], expected_close__lt=starts[-1])
        .with_weighted()
        .annotate(month=TruncMonth("expected_close"))
        .order_by()
        .values("month")
        .annotate(count=Count("pk"), weighted=Cents(Sum("weighted_amount", default=ZERO)))
    )
    by_month = {_as_date(row["month"]): row for row in rows}
    return [
        {
            "month": month,
            "count": by_month.get(month, {}).get("count", 0),
            "weighted": Decimal(by_month.get(month, {}).get("weighted", ZERO)),
        }
        for month in starts[:-1]
    ]


def _as_date(value) -> datetime.date:
    # TruncMonth of a DateField is a date on PostgreSQL and SQLite alike; a datetime if USE_TZ
    # ever turned it into one.
    return value.date() if isinstance(value, datetime.datetime) else value


def deal_committee(*, opportunity: Opportunity) -> dict:
    """Who is involved in the deal in which buying role, with their stance, and what is
    missing: the seeds' lost order had no decision-maker and no technical contact covered."""
    links = list(
        OpportunityContact.objects.filter(opportunity=opportunity)
        .select_related("contact")
        .order_by("role", "contact__name", "pk")
    )
    by_role = {role: [] for role in BuyingRole.values}
    for link in links:
        by_role[link.role].append(link)
    return {
        "roles": [(role, BuyingRole(role).label, by_role[role]) for role in BuyingRole.values],
        "missing": [BuyingRole(role).label for role in REQUIRED_DEAL_ROLES if not by_role[role]],
        "left": [link for link in links if link.contact.left_company],
    }


def deal_contact_choices(*, opportunity: Opportunity) -> QuerySet:
    """The account's contacts who may be put on the deal: those still with the company."""
    return Contact.objects.filter(account_id=opportunity.account_id).current().order_by("name", "pk")


def opportunity_contact_for(*, user, pk: int) -> OpportunityContact:
    """A contact's role on a deal, if ``user`` may see the deal's account (else 404)."""
    visible = Opportunity.objects.visible_to(user).values("pk")
    return get_object_or_404(OpportunityContact.objects.select_related("opportunity"), pk=pk, opportunity__in=visible)
