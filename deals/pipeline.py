"""Reads for opportunities: the board, the lists, one deal and its buying committee, the team's
pipeline by stage. One function per page, each a fixed number of queries."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum, Window
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.money import Cents, to_cents
from accounts.visibility import get_visible_or_404
from contacts.models import BuyingRole, Contact

from .models import (
    ZERO,
    Opportunity,
    OpportunityContact,
    PipelineStage,
    StageOutcome,
)

CLOSED_ON_BOARD_DAYS = 90
BOARD_CARDS = 20  # per column; the list view has the rest
# The roles whose absence loses deals (a lost order of the demo had no decision-maker and no
# technical contact covered): warned about on every opportunity.
REQUIRED_DEAL_ROLES = (BuyingRole.DECISION_MAKER, BuyingRole.TECHNICAL, BuyingRole.COACH)


def active_stages() -> list[PipelineStage]:
    return list(PipelineStage.objects.filter(is_active=True).order_by("position"))


def opportunity_board(*, user) -> list[dict]:
    """The board: each active stage with its visible opportunities' count and value, and
    its first BOARD_CARDS cards by expected close.

    Three queries whatever the number of opportunities: the stages; one pass over the
    visible opportunities' own narrow columns that ranks them per stage and carries the
    stage's count and values as window aggregates on every ranked row; then the ~300 cards
    shown, by id, with their accounts and owners (ranking 12 000 rows with the names carried
    along cost half as much again).

    Open stages count every opportunity; won and lost ones only those closed in the last
    CLOSED_ON_BOARD_DAYS days, so the board does not fill up with history.
    """
    stages = active_stages()
    since = timezone.localdate() - datetime.timedelta(days=CLOSED_ON_BOARD_DAYS)
    by_stage_window = {"partition_by": [F("stage_id")]}
    ranked = list(
        Opportunity.objects.visible_to(user)
        .filter(stage__in=stages)
        .filter(Q(stage__outcome=StageOutcome.OPEN) | Q(closed_on__gte=since))
        .with_weighted()
        .annotate(
            rank=Window(
                RowNumber(),
                order_by=[F("expected_close").asc(nulls_last=True), F("pk").asc()],
                **by_stage_window,
            ),
            column_count=Window(Count("pk"), **by_stage_window),
            column_amount=Window(Sum("amount"), **by_stage_window),
            column_weighted=Window(Sum("weighted_amount"), **by_stage_window),
        )
        .filter(rank__lte=BOARD_CARDS)
        .order_by("stage_id", "rank")
        .values("pk", "stage_id", "column_count", "column_amount", "column_weighted")
    )
    cards = (
        Opportunity.objects.select_related("account", "owner")
        .only(*BOARD_CARD_FIELDS)
        .in_bulk([row["pk"] for row in ranked])
    )
    by_stage: dict[int, list] = {stage.pk: [] for stage in stages}
    totals: dict[int, dict] = {}
    for row in ranked:
        by_stage[row["stage_id"]].append(cards[row["pk"]])
        totals.setdefault(row["stage_id"], row)
    columns = []
    for stage in stages:
        shown = by_stage[stage.pk]
        total = totals.get(stage.pk, {})
        count = total.get("column_count", 0)
        columns.append(
            {
                "stage": stage,
                "opportunities": shown,
                "count": count,
                "more": count - len(shown),
                "amount": to_cents(total.get("column_amount") or ZERO),
                "weighted": to_cents(total.get("column_weighted") or ZERO),
            }
        )
    return columns


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


def opportunity_list(*, user, stage=None, open_only: bool = False) -> QuerySet[Opportunity]:
    opportunities = (
        Opportunity.objects.visible_to(user)
        .with_weighted()
        .select_related("account", "owner", "stage")
        .only(*BOARD_CARD_FIELDS, "lost_reason", "stage__name", "stage__outcome")
    )
    if stage is not None:
        opportunities = opportunities.filter(stage=stage)
    if open_only:
        opportunities = opportunities.open()
    return opportunities.order_by("expected_close", "pk")


def opportunity_for(*, user, pk: int) -> Opportunity:
    return get_visible_or_404(Opportunity.objects.select_related("account", "stage", "owner"), user, pk=pk)


def team_pipeline(*, user) -> list[dict]:
    """Open pipeline value per stage for the opportunities ``user`` may see (a manager: the
    team's), in one grouped query: count, amount and probability-weighted amount."""
    rows = (
        Opportunity.objects.visible_to(user)
        .open()
        .filter(stage__is_active=True)
        .with_weighted()
        .order_by()
        .values("stage")
        .annotate(
            count=Count("pk"),
            total=Cents(Sum("amount", default=ZERO)),
            weighted=Cents(Sum("weighted_amount", default=ZERO)),
        )
    )
    by_stage = {row["stage"]: row for row in rows}
    stages = [stage for stage in active_stages() if not stage.is_closed]
    return [
        {
            "stage": stage,
            "count": by_stage.get(stage.pk, {}).get("count", 0),
            "amount": Decimal(by_stage.get(stage.pk, {}).get("total", ZERO)),
            "weighted": Decimal(by_stage.get(stage.pk, {}).get("weighted", ZERO)),
        }
        for stage in stages
    ]


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
