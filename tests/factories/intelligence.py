"""Factories for intelligence runs."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from intelligence.models import AccountHealth, Band, IntelligenceRun, RelationshipScore


class IntelligenceRunFactory(DjangoModelFactory):
    """A finished run (its rows are written by ``services.intelligence_run`` or made apart)."""

    class Meta:
        model = IntelligenceRun

    as_of = datetime.date(2026, 6, 30)
    horizon_days = 90
    finished_at = factory.LazyFunction(timezone.now)


class AccountHealthFactory(DjangoModelFactory):
    """An account's stored health in a run (as ``services.intelligence_run`` writes it)."""

    class Meta:
        model = AccountHealth

    run = factory.SubFactory(IntelligenceRunFactory)
    account = factory.SubFactory("tests.factories.core.AccountFactory")
    score = Decimal("50.0")
    band = Band.AMBER
    risk_rank = factory.Sequence(lambda n: n + 1)
    reasons = factory.LazyFunction(list)


class RelationshipScoreFactory(DjangoModelFactory):
    class Meta:
        model = RelationshipScore

    run = factory.SubFactory(IntelligenceRunFactory)
    account = factory.SubFactory("tests.factories.core.AccountFactory")
    score = Decimal("60.0")
    breadth = Decimal("60.0")
    depth = Decimal("60.0")
    decision = Decimal("60.0")
