"""Every stored figure checked against its one definition, and repaired through the refreshes
that keep it (``check_figures``, and the nightly job that logs any drift). The dashboard app
sits above every app that stores figures, so it may call them all."""

from __future__ import annotations

import datetime

from django.utils import timezone

from accounts.models import Account
from accounts.stored_figures import Drift
from contacts.coverage import coverage_drifts, coverage_refresh
from credit.ageing import owner_ageing_drifts, owner_ageing_refresh
from credit.positions import positions_drifts, positions_refresh
from deals.receivables import receivables_drifts, receivables_refresh
from deals.revenue import owner_revenue_drifts
from scoring.stored import owner_figures_drifts, scoring_figures_refresh, standings_drifts
from visits.schedule import schedules_drifts, schedules_refresh


def figure_drifts(*, today: datetime.date | None = None) -> list[Drift]:
    """Every stored figure that differs from its recomputation from the source rows."""
    today = today or timezone.localdate()
    return [
        *receivables_drifts(),
        *owner_revenue_drifts(),
        *positions_drifts(today),
        *owner_ageing_drifts(),
        *standings_drifts(),
        *owner_figures_drifts(),
        *schedules_drifts(),
        *coverage_drifts(),
    ]


def figures_repair(*, today: datetime.date | None = None) -> None:
    """Rewrite every stored figure from its definition: receivables through the hub (which
    brings the owners' monthly revenue and the credit positions along), then the positions as
    of ``today`` and their per-owner
    ageing, the scoring run's standings and per-owner figures, the visit schedules and the
    committees' coverage."""
    receivables_refresh()
    positions_refresh(today=today)
    owner_ageing_refresh()
    scoring_figures_refresh()
    schedules_refresh()
    coverage_refresh()


def drift_lines(drifts: list[Drift]) -> list[str]:
    """One tab-separated line per difference: table, account code (or row), figure, stored,
    recomputed."""
    codes = Account.objects.in_bulk({drift.account_id for drift in drifts if drift.account_id is not None})
    return [
        "\t".join(
            str(part)
            for part in (
                drift.table,
                codes[drift.account_id].code if drift.account_id in codes else drift.row,
                drift.figure,
                drift.stored,
                drift.recomputed,
            )
        )
        for drift in drifts
    ]
