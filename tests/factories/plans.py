import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from plans.models import Objective, ObjectiveKind, PlanAction

from .core import AccountFactory, UserFactory

__all__ = ["ObjectiveFactory", "PlanActionFactory"]


class ObjectiveFactory(DjangoModelFactory):
    class Meta:
        model = Objective

    account = factory.SubFactory(AccountFactory)
    kind = ObjectiveKind.REVENUE
    title = factory.Sequence(lambda n: f"Grow pump revenue {n}")
    target = Decimal("1200000.00")
    due_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=180))
    created_by = factory.SelfAttribute("account.owner")


class PlanActionFactory(DjangoModelFactory):
    class Meta:
        model = PlanAction

    account = factory.SubFactory(AccountFactory)
    title = factory.Sequence(lambda n: f"Present the service bundle {n}")
    owner = factory.SubFactory(UserFactory)
    due_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=14))
    created_by = factory.SelfAttribute("owner")
