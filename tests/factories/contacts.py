"""Factories for contacts and their buying roles."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import factory
from factory.django import DjangoModelFactory

from contacts.coverage import coverage_refresh
from contacts.models import (
    BuyingRole,
    Contact,
    ContactRole,
    Influence,
    InfluenceLink,
    Layer,
    LinkStrength,
    RelationshipStrength,
    Stance,
)

from .core import AccountFactory, UserFactory


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


def buying_committee(owner, *, coach_influence: int = Influence.HIGH) -> SimpleNamespace:
    """An account of ``owner`` whose committee has nobody in the technical role: a neutral,
    high-influence decision-maker ``owner`` knows well (Wang Wei); a low-influence buyer and
    user who supports us, known to a colleague (Chen Jun) and reporting to him (Li Na); a coach
    who opposes us and whom none of ours knows (Zhao Lei). No influence links."""
    account = AccountFactory(owner=owner)
    chief = ContactFactory(
        account=account,
        name="Wang Wei",
        stance=Stance.NEUTRAL,
        influence=Influence.HIGH,
        relationship_strength=RelationshipStrength.STRONG,
        relationship_owner=owner,
    )
    ContactRoleFactory(contact=chief, role=BuyingRole.DECISION_MAKER)
    buyer = ContactFactory(
        account=account,
        name="Li Na",
        stance=Stance.SUPPORTER,
        influence=Influence.LOW,
        relationship_strength=RelationshipStrength.GOOD,
        relationship_owner=UserFactory(first_name="Chen", last_name="Jun"),
        reports_to=chief,
    )
    ContactRoleFactory(contact=buyer, role=BuyingRole.BUYER)
    ContactRoleFactory(contact=buyer, role=BuyingRole.USER)
    coach = ContactFactory(
        account=account,
        name="Zhao Lei",
        stance=Stance.OPPONENT,
        influence=coach_influence,
        relationship_strength=RelationshipStrength.NONE,
    )
    ContactRoleFactory(contact=coach, role=BuyingRole.COACH)
    return SimpleNamespace(account=account, chief=chief, buyer=buyer, coach=coach)
