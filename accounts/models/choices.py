"""The archive's fixed vocabularies: industry, lifecycle, organisation form, the three-step
levels, attitudes, key-account types, relationship stages, prospect decisions, account-team roles."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Industry(models.TextChoices):
    MANUFACTURING = "manufacturing", _("Manufacturing")
    WHOLESALE = "wholesale", _("Wholesale and distribution")
    RETAIL = "retail", _("Retail")
    CONSTRUCTION = "construction", _("Construction and real estate")
    ENERGY = "energy", _("Energy and utilities")
    IT = "it", _("Information technology")
    FINANCE = "finance", _("Finance and insurance")
    HEALTHCARE = "healthcare", _("Healthcare and pharmaceuticals")
    LOGISTICS = "logistics", _("Transport and logistics")
    PUBLIC = "public", _("Government and public sector")
    EDUCATION = "education", pgettext_lazy("industry", "Education")
    OTHER = "other", _("Other")


class Lifecycle(models.TextChoices):
    PROSPECT = "prospect", _("Prospect")
    ACTIVE = "active", _("Active")
    DORMANT = "dormant", _("Dormant")
    LOST = "lost", pgettext_lazy("lifecycle", "Lost")


class OrganisationForm(models.TextChoices):
    STATE_OWNED = "state_owned", _("State-owned")
    PRIVATE = "private", _("Private")
    FOREIGN = "foreign", _("Foreign-invested")
    JOINT_VENTURE = "joint_venture", _("Joint venture")
    LISTED = "listed", _("Listed")
    COLLECTIVE = "collective", _("Collective")
    OTHER = "other", _("Other")


class Level(models.TextChoices):
    """A three-step scale for purchase factors, potential and the like."""

    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class CooperationAttitude(models.TextChoices):
    ACTIVE = "active", _("Actively cooperative")
    OPEN = "open", pgettext_lazy("cooperation attitude", "Open")
    RESERVED = "reserved", _("Reserved")
    HOSTILE = "hostile", _("Unfavourable")


class KeyAccountType(models.TextChoices):
    STRATEGIC = "strategic", _("Strategic")
    VALUE = "value", pgettext_lazy("key-account type", "Value")
    TRANSACTIONAL = "transactional", _("Transactional")


class RelationshipStage(models.TextChoices):
    INITIAL_CONTACT = "initial_contact", _("Initial contact")
    NEEDS_UNCOVERED = "needs_uncovered", _("Needs uncovered")
    CAPABILITY_PROVEN = "capability_proven", _("Capability proven, objections resolved")
    INFLUENCERS_FOUND = "influencers_found", _("Influencers found")
    MUTUAL_TRUST = "mutual_trust", _("Mutual trust")


class ProspectDecision(models.TextChoices):
    PURSUE = "pursue", _("Keep pursuing")
    DONT_GIVE_UP = "dont_give_up", _("Don't give up")
    GIVE_UP = "give_up", _("Give up")


class TeamRole(models.TextChoices):
    SALES = "sales", _("Sales support")
    TECHNICAL = "technical", _("Technical support")
    SERVICE = "service", _("Customer service")
    EXECUTIVE = "executive", _("Executive sponsor")
