"""Reads of the stored intelligence figures: for other apps (the account head, the at-risk
list, the dashboard) and for this app's panel and matrix page."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, JSONField, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _

from accounts.models import Account
from accounts.visibility import get_account_for
from scoring.models import Tier

from . import health, relationship, whitespace
from .models import AccountHealth, Band, IntelligenceRun, PeerItem, RelationshipScore

HISTORY_RUNS = 8
PANEL_SUGGESTIONS = 5
MATRIX_COLUMNS = 30


def latest_run() -> IntelligenceRun | None:
    return IntelligenceRun.objects.filter(finished_at__isnull=False).order_by("-as_of", "-pk").first()


def _latest_run_pk() -> Subquery:
    # The latest finished run as SQL, so a page reads its scores in its own query.
    runs = IntelligenceRun.objects.filter(finished_at__isnull=False).order_by("-as_of", "-pk")
    return Subquery(runs.values("pk")[:1])


def latest_scores() -> dict[str, Subquery]:
    """Annotations for an account queryset: the latest run's ``health_score``,
    ``health_band``, ``health_reasons`` and ``relationship_score`` (None when the run did not
    score the account, or there is no run) — read in the page's own query, not one per row.
    Subqueries rather than two joins on (run, account): the joins are quicker for the ORM to
    build but PostgreSQL took 1.5 ms longer to plan the at-risk rows with them."""
    run = _latest_run_pk()
    health = AccountHealth.objects.filter(account=OuterRef("pk"), run=run)
    relationship_score = RelationshipScore.objects.filter(account=OuterRef("pk"), run=run)
    return {
        "health_score": Subquery(health.values("score")[:1]),
        "health_band": Subquery(health.values("band")[:1]),
        "health_reasons": Subquery(health.values("reasons")[:1], output_field=JSONField()),
        "relationship_score": Subquery(relationship_score.values("score")[:1]),
    }


def top_reason(reasons: list | None) -> str:
    """The first stored health reason in the active language ("" when there is none)."""
    return health.reason_text(reasons[0]) if reasons else ""


def band_counts(*, user, accounts: QuerySet[Account] | None = None) -> dict[str, int]:
    """How many accounts ``user`` sees (narrowed to ``accounts`` when given) the latest run put
    in each band, by band (every band present, 0 when empty): one grouped query over the stored
    rows, visibility by its split form (every row is read: ``visible_in_bulk_to``)."""
    rows = AccountHealth.objects.visible_in_bulk_to(user).filter(run=_latest_run_pk())
    if accounts is not None:
        rows = rows.filter(account__in=accounts.values("pk"))
    counts = dict(rows.order_by().values_list("band").annotate(n=Count("pk")))
    return {band: counts.get(band, 0) for band in Band.values}


def health_for(accounts: Iterable[Account], *, run: IntelligenceRun | None = None) -> dict[int, AccountHealth]:
    """Each account's stored health in the latest run (or ``run``), by account id; one query
    (two without ``run``). Accounts the run did not score are absent."""
    run = run or latest_run()
    if run is None:
        return {}
    rows = AccountHealth.objects.filter(run=run, account__in=[account.pk for account in accounts])
    return {row.account_id: row for row in rows}


def relationship_for(
    accounts: Iterable[Account], *, run: IntelligenceRun | None = None
) -> dict[int, RelationshipScore]:
    """The same for the relationship score."""
    run = run or latest_run()
    if run is None:
        return {}
    rows = RelationshipScore.objects.filter(run=run, account__in=[account.pk for account in accounts])
    return {row.account_id: row for row in rows}


def account_panel(*, user, pk: int) -> dict:
    """The account's health with its reasons, its relationship score's trend with the
    latest explanation, and its top whitespace suggestions; 404 for outsiders. Six queries."""
    account = get_account_for(user, pk, Account.objects.select_related("standing"))
    run = latest_run()
    if run is None:
        return {"account": account, "run": None}
    account_health = health_for([account], run=run).get(account.pk)
    scores = list(
        RelationshipScore.objects.filter(account=account)
        .select_related("run")
        .order_by("-run__as_of", "-run_id")[:HISTORY_RUNS]
    )
    industry, tier, scale = whitespace.peer_key(account)
    group = PeerItem.objects.filter(run=run, industry=industry, tier=tier, scale=scale)
    bought = whitespace.bought_items([account.pk], as_of=run.as_of).get(account.pk, {})
    return {
        "account": account,
        "run": run,
        "health": account_health,
        "reasons": [health.reason_text(reason) for reason in account_health.reasons] if account_health else [],
        "relationship": scores[0] if scores else None,
        "relationship_history": scores[::-1],
        "relationship_trend": _trend(scores[::-1]),
        "explanation": relationship.explain(scores[0].explanation) if scores else [],
        "suggestions": whitespace.rank_suggestions(group, bought, limit=PANEL_SUGGESTIONS),
    }


def _trend(scores: list[RelationshipScore]) -> dict:
    """The relationship score per run, oldest first, for the panel's sparkline (numbers for the
    chart only: the table beside it shows the stored decimals)."""
    return {
        "labels": [score.run.as_of.isoformat() for score in scores],
        "scores": [float(score.score) for score in scores],
        "label": str(_("Relationship score")),
    }


def key_accounts(user) -> QuerySet[Account]:
    """The A-tier accounts ``user`` may see, for the whitespace matrix (paginated by the view)."""
    return (
        Account.objects.visible_to(user)
        .filter(standing__abc_tier=Tier.A)
        .select_related("standing")
        .order_by("name", "code")
    )


def whitespace_matrix(accounts: list[Account]) -> dict:
    """For a page of key accounts: the categories as columns and, per account, one cell per
    category — "bought", "whitespace" (enough of its peers buy it) or "" (not relevant).
    Three queries whatever the page holds."""
    run = latest_run()
    if run is None or not accounts:
        return {"run": run, "columns": [], "rows": []}
    keys = {whitespace.peer_key(account) for account in accounts}
    groups: dict[tuple, dict[str, PeerItem]] = {}
    for row in PeerItem.objects.filter(
        run=run, industry__in={key[0] for key in keys}, tier__in={key[1] for key in keys}
    ):
        groups.setdefault((row.industry, row.tier, row.scale), {})[row.item] = row
    bought = whitespace.bought_items([account.pk for account in accounts], as_of=run.as_of)
    columns = sorted({item for key in keys for item in groups.get(key, {})} | {i for b in bought.values() for i in b})
    rows = []
    for account in accounts:
        group, owned = groups.get(whitespace.peer_key(account), {}), bought.get(account.pk, {})
        cells = []
        for item in columns[:MATRIX_COLUMNS]:
            peer = group.get(item)
            relevant = peer is not None and peer.buyers >= whitespace.RELEVANT_SHARE * peer.peers
            cells.append("bought" if item in owned else "whitespace" if relevant else "")
        rows.append({"account": account, "cells": cells})
    return {"run": run, "columns": columns[:MATRIX_COLUMNS], "rows": rows}
