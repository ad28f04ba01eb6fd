"""The run's standings are copied only where they changed: a same-day rerun that changes
nothing writes no row."""

from __future__ import annotations

import datetime

import pytest

from scoring.engine import upsert_standings
from scoring.models import AccountStanding, ScoringResult
from tests.factories import ScoringResultFactory, ScoringRunFactory

FIRST = datetime.datetime(2026, 6, 30, 2, 30, tzinfo=datetime.UTC)
RERUN = FIRST + datetime.timedelta(hours=1)


@pytest.mark.django_db
def test_a_rerun_rewrites_only_the_standings_that_changed():
    run = ScoringRunFactory()
    same, changed = ScoringResultFactory(run=run), ScoringResultFactory(run=run, abc_tier="B")
    upsert_standings(run_id=run.pk, now=FIRST)

    ScoringResult.objects.filter(pk=changed.pk).update(abc_tier="C", previous_abc_tier="B")
    upsert_standings(run_id=run.pk, now=RERUN)

    standings = {row.account_id: row for row in AccountStanding.objects.all()}
    assert standings[same.account_id].updated_at == FIRST
    assert (standings[changed.account_id].abc_tier, standings[changed.account_id].updated_at) == ("C", RERUN)
    assert standings[changed.account_id].previous_abc_tier == "B"
