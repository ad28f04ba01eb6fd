"""Factories for scoring: owner ratings, runs and their per-account results, standings."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from scoring.models import AccountRating, AccountStanding, RunStatus, ScoringConfig, ScoringResult, ScoringRun

from .core import AccountFactory


class AccountRatingFactory(DjangoModelFactory):
    class Meta:
        model = AccountRating

    account = factory.SubFactory(AccountFactory)
    needs_match = 3
    service_level_demand = 3
    price_sensitivity = 3
    partnership_wish = 3


class ScoringRunFactory(DjangoModelFactory):
    """A finished run, as the dashboard reads it (its results are made separately)."""

    class Meta:
        model = ScoringRun

    as_of = datetime.date(2026, 6, 30)
    config_fingerprint = factory.Sequence(lambda n: f"{n:064d}")
    config_snapshot = factory.LazyFunction(lambda: ScoringConfig().snapshot())  # the defaults, as a run keeps them
    status = RunStatus.DONE
    started_at = factory.LazyFunction(timezone.now)
    finished_at = factory.LazyFunction(timezone.now)


class ScoringResultFactory(DjangoModelFactory):
    class Meta:
        model = ScoringResult

    run = factory.SubFactory(ScoringRunFactory)
    account = factory.SubFactory(AccountFactory)
    measure = Decimal("1000.00")
    rank = factory.Sequence(lambda n: n + 1)
    share_before = Decimal("0")
    abc_tier = "A"
    score = Decimal("50.00")
    level = "ordinary"


class AccountStandingFactory(DjangoModelFactory):
    class Meta:
        model = AccountStanding

    account = factory.SubFactory(AccountFactory)
    run = factory.SubFactory(ScoringRunFactory)
    abc_tier = "A"
    level = "ordinary"
    score = Decimal("50.00")
    measure = Decimal("1000.00")
    updated_at = factory.LazyFunction(timezone.now)
