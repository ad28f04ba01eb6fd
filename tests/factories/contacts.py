"""Factories for contacts and their buying roles."""

from __future__ import annotations

import datetime

import factory
from factory.django import DjangoModelFactory

from contacts.models import BuyingRole, Contact, ContactRole, Layer, RelationshipStrength, Stance

from .core import AccountFactory


class ContactFactory(DjangoModelFactory):
    class Meta:
        model = Contact

    account = factory.SubFactory(AccountFactory)
    name = factory.Faker("name")
    title = factory.Faker("job")
    department = factory.Iterator(["Management", "Purchasing", "Engineering", "Production", "Finance"])
    layer = Layer.MANAGEMENT
    mobile = factory.Faker("phone_number")
    email = factory.Faker("email")
    stance = Stance.NEUTRAL
    relationship_strength = RelationshipStrength.GOOD


class ContactRoleFactory(DjangoModelFactory):
    class Meta:
        model = ContactRole

    contact = factory.SubFactory(ContactFactory)
    role = BuyingRole.USER
    started_on = datetime.date(2026, 1, 1)
