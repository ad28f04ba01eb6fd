"""Factories for products, orders, their lines and payments."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from deals.models import ImportJob, Opportunity, OpportunityContact, Order, OrderLine, Payment, PipelineStage, Product

from .core import AccountFactory, UserFactory


class ProductFactory(DjangoModelFactory):
    class Meta:
        model = Product

    code = factory.Sequence(lambda n: f"P{n:05d}")
    name = factory.Faker("catch_phrase")
    category = factory.Iterator(["Pumps", "Valves", "Motors", "Sensors", "Service"])
    unit_price = Decimal("100.00")
    unit_cost = Decimal("60.00")


class OrderFactory(DjangoModelFactory):
    class Meta:
        model = Order

    account = factory.SubFactory(AccountFactory)
    number = factory.Sequence(lambda n: f"SO{n:07d}")
    order_date = datetime.date(2026, 1, 15)
    due_date = factory.LazyAttribute(lambda order: order.order_date + datetime.timedelta(days=30))


class OrderLineFactory(DjangoModelFactory):
    class Meta:
        model = OrderLine

    order = factory.SubFactory(OrderFactory)
    line_number = factory.Sequence(lambda n: n + 1)
    product = factory.SubFactory(ProductFactory)
    quantity = Decimal("1")
    unit_price = factory.LazyAttribute(lambda line: line.product.unit_price)
    unit_cost = factory.LazyAttribute(lambda line: line.product.unit_cost)


class PaymentFactory(DjangoModelFactory):
    class Meta:
        model = Payment

    order = factory.SubFactory(OrderFactory)
    paid_on = datetime.date(2026, 2, 1)
    amount = Decimal("0")


class PipelineStageFactory(DjangoModelFactory):
    """Stages beyond the default pipeline (which the migrations create)."""

    class Meta:
        model = PipelineStage
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Stage {n}")
    position = factory.Sequence(lambda n: 100 + n)
    probability = 50


class OpportunityFactory(DjangoModelFactory):
    class Meta:
        model = Opportunity

    account = factory.SubFactory(AccountFactory)
    name = factory.Faker("bs")
    owner = factory.LazyAttribute(lambda opportunity: opportunity.account.owner)
    stage = factory.LazyFunction(lambda: PipelineStage.objects.filter(outcome="open").order_by("position").first())
    amount = Decimal("10000.00")
    expected_close = datetime.date(2026, 6, 30)


class ImportJobFactory(DjangoModelFactory):
    """An uploaded order file (a small CSV) whose columns are read."""

    class Meta:
        model = ImportJob

    created_by = factory.SubFactory(UserFactory)
    original_name = "orders.csv"
    file = factory.django.FileField(
        filename="orders.csv",
        data=b"account_code,order_number,order_date,product_code,quantity,unit_price\nA1,1,2026-01-02,P1,3,10\n",
    )
    headers = ["account_code", "order_number", "order_date", "product_code", "quantity", "unit_price"]
    mapping = factory.LazyAttribute(lambda job: {name: name for name in job.headers})


class OpportunityContactFactory(DjangoModelFactory):
    class Meta:
        model = OpportunityContact

    opportunity = factory.SubFactory(OpportunityFactory)
    contact = factory.SubFactory(
        "tests.factories.contacts.ContactFactory", account=factory.SelfAttribute("..opportunity.account")
    )
    role = "decision_maker"
