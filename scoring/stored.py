"""The tables a scoring run stores besides its results — ``AccountStanding`` and
``OwnerFigure`` — checked against their definitions over the latest run's results
(``check_figures``) and rewritten from them (``check_figures --repair``)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.stored_figures import Drift, drifts

from . import engine, selectors
from .models import AccountStanding, OwnerFigure, ScoringResult
from .services import owner_figures_refresh

STANDING_FIGURES = ("abc_tier", "level", "score", "measure", "run_id", "previous_abc_tier", "previous_level")


def standings_drifts() -> list[Drift]:
    """Every standing that differs from the latest run's result of its account."""
    runs = selectors.latest_runs(1)
    if not runs:
        return []
    fresh = ScoringResult.objects.filter(run=runs[0]).values("account_id", *STANDING_FIGURES)
    return drifts(AccountStanding, {row.pop("account_id"): row for row in fresh.iterator(chunk_size=5000)})


def owner_figures_drifts() -> list[Drift]:
    """Every per-owner figure of the latest run that differs from the sum of its results
    under the accounts' current owners and regions (a missing or extra row is one difference)."""
    runs = selectors.latest_runs(1)
    if not runs:
        return []
    run = runs[0]
    fresh = {
        tuple(row[:7]): row[7:]
        for row in engine.owner_figure_rows(run_id=run.pk, bucket_width=selectors.bucket_width(run.accounts_count))
    }
    rows = OwnerFigure.objects.filter(run=run).values_list(*engine.OWNER_FIGURE_COLUMNS)
    stored = {tuple(row[:7]): row[7:] for row in rows}
    table = OwnerFigure._meta.db_table
    return [
        Drift(table, None, "accounts, measure_sum, positive_sum", stored.get(key), fresh.get(key), row=str(key[1:]))
        for key in sorted(fresh.keys() | stored.keys(), key=str)
        if _figures(stored.get(key)) != _figures(fresh.get(key))
    ]


def _figures(values: tuple | None) -> tuple | None:
    # SQLite sums the measures as floats: compare them as the stored 4 decimals.
    return None if values is None else tuple(round(float(value), 4) for value in values)


@transaction.atomic
def scoring_figures_refresh() -> None:
    """Rewrite the standings and the per-owner figures from the latest run's results."""
    runs = selectors.latest_runs(1)
    if runs:
        engine.upsert_standings(run_id=runs[0].pk, now=timezone.now())
        owner_figures_refresh()
