"""Factories for intelligence runs."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from intelligence.models import IntelligenceRun


class IntelligenceRunFactory(DjangoModelFactory):
    """A finished run (its rows are written by ``services.intelligence_run`` or made apart)."""

    class Meta:
        model = IntelligenceRun

    as_of = datetime.date(2026, 6, 30)
    horizon_days = 90
    finished_at = factory.LazyFunction(timezone.now)
