"""Factories for contacts and their buying roles."""

from __future__ import annotations

import datetime

import factory
from factory.django import DjangoModelFactory

from contacts.coverage import coverage_refresh
from contacts.models import (
    BuyingRole,
    Contact,
    ContactRole,
    InfluenceLink,
    Layer,
    LinkStrength,
    RelationshipStrength,
    Stance,
)

from .core import AccountFactory


class RefreshesCoverage:
    """Created as the services create them: the account's stored coverage follows."""

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        super()._after_postgeneration(instance, create, results)
        if create:
            coverage_refresh(account_ids=[cls._account_id(instance)])


class ContactFactory(RefreshesCoverage, DjangoModelFactory):
    class Meta:
        model = Contact

    @staticmethod
    def _account_id(contact: Contact) -> int:
        return contact.account_id

    account = factory.SubFactory(AccountFactory)
    name = factory.Faker("name")
    title = factory.Faker("job")
    department = factory.Iterator(["Management", "Purchasing", "Engineering", "Production", "Finance"])
    layer = Layer.MANAGEMENT
    mobile = factory.Faker("phone_number")
    email = factory.Faker("email")
    stance = Stance.NEUTRAL
    relationship_strength = RelationshipStrength.GOOD


class ContactRoleFactory(RefreshesCoverage, DjangoModelFactory):
    class Meta:
        model = ContactRole

    @staticmethod
    def _account_id(role: ContactRole) -> int:
        return role.contact.account_id

    contact = factory.SubFactory(ContactFactory)
    role = BuyingRole.USER
    started_on = datetime.date(2026, 1, 1)


class InfluenceLinkFactory(DjangoModelFactory):
    class Meta:
        model = InfluenceLink

    source = factory.SubFactory(ContactFactory)
    target = factory.SubFactory(ContactFactory, account=factory.SelfAttribute("..source.account"))
    strength = LinkStrength.MEDIUM
