"""Contacts at an account and the buying committee (采购委员会) they form.

A contact holds one or more buying roles; a role is ended (``ended_on``) rather than
deleted, so "a decision-maker who changed role lately" can be seen, and a contact who
leaves the company is marked as such, never deleted, so their history stays.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from accounts.models import Account, Competitor
from accounts.visibility import BelongsToAccountQuerySet


class Layer(models.TextChoices):
    DECISION = "decision", _("Decision layer")
    MANAGEMENT = "management", _("Management layer")
    EXECUTION = "execution", _("Execution layer")


class BuyingRole(models.TextChoices):
    DECISION_MAKER = "decision_maker", _("Decision-maker")
    BUYER = "buyer", _("Buyer")
    TECHNICAL = "technical", _("Technical")
    USER = "user", _("User")
    COACH = "coach", _("Coach")


class Stance(models.TextChoices):
    SUPPORTER = "supporter", _("Supporter")
    NEUTRAL = "neutral", _("Neutral")
    OPPONENT = "opponent", _("Opponent")


class Influence(models.IntegerChoices):
    LOW = 1, _("Low")
    MEDIUM = 2, _("Medium")
    HIGH = 3, _("High")


class RelationshipStrength(models.IntegerChoices):
    NONE = 0, _("No relationship")
    WEAK = 1, _("Weak")
    GOOD = 2, _("Good")
    STRONG = 3, _("Strong")


class ContactQuerySet(BelongsToAccountQuerySet):
    def current(self) -> ContactQuerySet:
        """Contacts still with the company."""
        return self.filter(left_company=False)


class Contact(models.Model):
    account = models.ForeignKey(Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(pgettext_lazy("person", "name"), max_length=100)
    english_name = models.CharField(_("English name"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=100, blank=True)
    department = models.CharField(_("department"), max_length=100, blank=True)
    layer = models.CharField(_("layer"), max_length=12, choices=Layer.choices, default=Layer.EXECUTION)
    mobile = models.CharField(_("mobile"), max_length=40, blank=True)
    phone = models.CharField(_("office phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    wechat = models.CharField(_("WeChat"), max_length=60, blank=True)
    birthday = models.DateField(_("birthday"), null=True, blank=True)
    hobbies = models.TextField(_("hobbies and interests"), blank=True)
    family = models.TextField(_("family"), blank=True)
    education = models.CharField(_("education"), max_length=200, blank=True)
    personality = models.TextField(_("personality"), blank=True)
    reports_to = models.ForeignKey(
        "self",
        verbose_name=_("reports to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="direct_reports",
    )
    stance = models.CharField(_("stance"), max_length=10, choices=Stance.choices, default=Stance.NEUTRAL)
    backed_competitor = models.ForeignKey(
        Competitor,
        verbose_name=_("backs competitor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="backers",
    )
    influence = models.PositiveSmallIntegerField(_("influence"), choices=Influence.choices, default=Influence.MEDIUM)
    relationship_strength = models.PositiveSmallIntegerField(
        _("relationship strength"), choices=RelationshipStrength.choices, default=RelationshipStrength.NONE
    )
    relationship_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("relationship owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_relationships",
    )
    last_contact_date = models.DateField(_("last contact"), null=True, blank=True)
    left_company = models.BooleanField(_("left the company"), default=False)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    # Values of the custom fields an admin defined (customfields): {key: value}.
    custom = models.JSONField(_("custom fields"), default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()
    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["account", "name", "pk"]
        indexes = [
            models.Index(fields=["account", "left_company"]),
            models.Index(fields=["birthday"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_company=True) | Q(left_on__isnull=True), name="contact_left_on_only_when_left"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("contacts:detail", args=[self.pk])


class ContactRoleQuerySet(BelongsToAccountQuerySet):
    account_field = "contact__account"

    def active(self) -> ContactRoleQuerySet:
        return self.filter(ended_on__isnull=True)


class ContactRole(models.Model):
    """A buying role a contact holds on the account; ended, not deleted, when they lose it."""

    contact = models.ForeignKey(Contact, verbose_name=_("contact"), on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("buying role"), max_length=20, choices=BuyingRole.choices)
    started_on = models.DateField(_("since"))
    ended_on = models.DateField(_("until"), null=True, blank=True)

    history = HistoricalRecords()
    objects = ContactRoleQuerySet.as_manager()

    class Meta:
        verbose_name = _("buying role")
        verbose_name_plural = _("buying roles")
        ordering = ["contact", "role", "-started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "role"], condition=Q(ended_on__isnull=True), name="one_active_role_per_contact"
            )
        ]
        indexes = [models.Index(fields=["role", "ended_on"])]

    def __str__(self) -> str:
        return f"{self.contact}: {self.get_role_display()}"


class LinkStrength(models.IntegerChoices):
    WEAK = 1, _("Weak")
    MEDIUM = 2, _("Medium")
    STRONG = 3, _("Strong")


class InfluenceLinkQuerySet(BelongsToAccountQuerySet):
    account_field = "source__account"


class InfluenceLink(models.Model):
    """``source`` sways ``target``'s view of us: who the decision-maker listens to, beyond the
    reporting lines. Both work at the same account (checked by ``services.influence_link_save``);
    one link per ordered pair, never to oneself."""

    source = models.ForeignKey(
        Contact, verbose_name=_("influencer"), on_delete=models.CASCADE, related_name="influences"
    )
    target = models.ForeignKey(
        Contact, verbose_name=_("influenced"), on_delete=models.CASCADE, related_name="influenced_by"
    )
    strength = models.PositiveSmallIntegerField(_("strength"), choices=LinkStrength.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()
    objects = InfluenceLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("influence link")
        verbose_name_plural = _("influence links")
        ordering = ["source", "target"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="one_influence_link_per_pair"),
            models.CheckConstraint(condition=~Q(source=models.F("target")), name="influence_link_not_to_oneself"),
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"

    def clean(self) -> None:
        if self.source_id and self.target_id and self.source.account_id != self.target.account_id:
            raise ValidationError({"target": _("Both contacts must work at the same account.")})


class AccountCoverage(models.Model):
    """An account's buying-committee coverage as ``contacts.coverage.coverage_refresh`` last
    stored it from its one definition (``selectors.coverage_figures``), so the at-risk list and
    the coverage list filter tens of thousands of accounts by a join instead of probing every
    account's contacts. Every write to contacts or their roles goes through ``contacts.services``,
    which refreshes the account it touched in its transaction; ``check_figures`` compares.

    An account without a row has no contacts: nobody covers anything. ``decision_maker_lost_on``
    is the latest day a decision-maker left the company or gave up the role; whether that is
    "recent" is decided when read, so the row does not age.
    """

    account = models.OneToOneField(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, primary_key=True, related_name="coverage"
    )
    live_relationships = models.PositiveIntegerField(_("contacts with a relationship"))
    covers_decision_maker = models.BooleanField(_("has a decision-maker"))
    covers_buyer = models.BooleanField(_("has a buyer"))
    covers_technical = models.BooleanField(_("has a technical evaluator"))
    covers_user = models.BooleanField(_("has a user"))
    covers_coach = models.BooleanField(_("has a coach"))
    opponent_decision_maker = models.BooleanField(_("a decision-maker opposes us"))
    decision_maker_lost_on = models.DateField(_("decision-maker last lost on"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("committee coverage")
        verbose_name_plural = _("committee coverages")

    def __str__(self) -> str:
        return f"{self.account_id}: {self.live_relationships}"
