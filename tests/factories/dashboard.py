"""Factories for the dashboard's targets."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from dashboard.models import PeriodKind, Target

from .core import UserFactory


class TargetFactory(DjangoModelFactory):
    """A rep's month target by default; pass ``team=`` (and ``rep=None``) for a team's."""

    class Meta:
        model = Target

    rep = factory.SubFactory(UserFactory)
    team = None
    period_kind = PeriodKind.MONTH
    period_start = datetime.date(2026, 5, 1)
    revenue = Decimal("10000.00")
    visits = 10
    set_by = factory.SubFactory(UserFactory)
