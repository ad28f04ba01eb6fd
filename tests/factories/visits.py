"""Factories for visits, plan items, complaints and holidays."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from visits.models import Complaint, Holiday, PlanItem, Visit

from .core import AccountFactory


class VisitFactory(DjangoModelFactory):
    class Meta:
        model = Visit

    account = factory.SubFactory(AccountFactory)
    rep = factory.LazyAttribute(lambda visit: visit.account.owner)
    visited_on = factory.LazyFunction(timezone.localdate)
    purpose = "routine"
    outcome = factory.Faker("sentence")


class PlanItemFactory(DjangoModelFactory):
    class Meta:
        model = PlanItem

    account = factory.SubFactory(AccountFactory)
    rep = factory.LazyAttribute(lambda item: item.account.owner)
    planned_on = factory.LazyFunction(timezone.localdate)


class ComplaintFactory(DjangoModelFactory):
    class Meta:
        model = Complaint

    account = factory.SubFactory(AccountFactory)
    subject = factory.Faker("sentence", nb_words=4)
    severity = "medium"
    owner = factory.LazyAttribute(lambda complaint: complaint.account.owner)
    opened_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))


class HolidayFactory(DjangoModelFactory):
    class Meta:
        model = Holiday

    date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=5))
    name = "Mid-Autumn Festival"
    name_zh_hans = "中秋节"
