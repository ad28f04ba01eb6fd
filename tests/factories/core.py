"""Factories for users, teams and accounts."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from accounts.duplicates import name_key, phone_key
from accounts.models import (
    Account,
    AccountPlan,
    AccountTeamMember,
    Competitor,
    FinancialYear,
    Industry,
    NegotiationRecord,
)
from users.models import Notification, Region, Role, Team, User


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Team {n}")


class RegionFactory(DjangoModelFactory):
    """A region; ``parent=`` another makes it an area of that one."""

    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"R{n:04d}")
    name = factory.Sequence(lambda n: f"Region {n}")
    parent = None


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    role = Role.REP
    password = factory.django.Password("demo-password")


class NotificationFactory(DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    key = factory.Sequence(lambda n: f"test:event:{n}")
    subject = "Something happened"
    link = "/accounts/"


class AccountFactory(DjangoModelFactory):
    class Meta:
        model = Account

    code = factory.Sequence(lambda n: f"C{n:06d}")
    name = factory.Faker("company")
    short_name = factory.LazyAttribute(lambda account: account.name.split()[0][:60])
    industry = factory.Iterator(Industry.values)
    region = None
    phone = factory.Faker("phone_number")
    email = factory.Faker("company_email")
    owner = factory.SubFactory(UserFactory)
    # As the services write them (accounts.duplicates).
    name_key = factory.LazyAttribute(lambda account: name_key(account.name))
    phone_key = factory.LazyAttribute(lambda account: phone_key(account.phone))


class AccountTeamMemberFactory(DjangoModelFactory):
    class Meta:
        model = AccountTeamMember

    account = factory.SubFactory(AccountFactory)
    user = factory.SubFactory(UserFactory)


class CompetitorFactory(DjangoModelFactory):
    class Meta:
        model = Competitor

    account = factory.SubFactory(AccountFactory)
    name = factory.Sequence(lambda n: f"Rival {n}")


class FinancialYearFactory(DjangoModelFactory):
    class Meta:
        model = FinancialYear

    account = factory.SubFactory(AccountFactory)
    year = 2025
    current_assets = Decimal("4000000.00")
    current_liabilities = Decimal("2000000.00")
    total_assets = Decimal("10000000.00")
    revenue = Decimal("12000000.00")
    net_profit = Decimal("900000.00")
    receivables = Decimal("2000000.00")


class AccountPlanFactory(DjangoModelFactory):
    class Meta:
        model = AccountPlan

    account = factory.SubFactory(AccountFactory)
    objectives = "Become the sole supplier of pumps by 2027."
    competitive_strategy = "Bundle service contracts."


class NegotiationRecordFactory(DjangoModelFactory):
    class Meta:
        model = NegotiationRecord

    account = factory.SubFactory(AccountFactory)
    held_on = datetime.date(2026, 3, 1)
    subject = factory.Sequence(lambda n: f"Price round {n}")
