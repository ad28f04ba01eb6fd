"""Opportunities (商机) on the pipeline's stages, with the contacts and the buying roles they play."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from accounts.models import Account
from accounts.money import Cents, money_field
from accounts.visibility import BelongsToAccountQuerySet
from contacts.models import BuyingRole, Contact

from .orders import ZERO


class StageOutcome(models.TextChoices):
    OPEN = "open", _("Open")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")


# The default stages' names, for the translation catalogue; an admin's own stage names
# show as typed.
DEFAULT_STAGE_NAMES = (
    gettext_noop("Initial contact"),
    gettext_noop("Needs uncovered"),
    gettext_noop("Proposal"),
    gettext_noop("Negotiation"),
    gettext_noop("Won"),
    gettext_noop("Lost"),
)


class PipelineStage(models.Model):
    """A column of the pipeline, configured by an admin, with its win probability."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), unique=True)
    probability = models.PositiveSmallIntegerField(
        _("probability (%)"), validators=[MaxValueValidator(100)], help_text=_("Chance of winning at this stage.")
    )
    outcome = models.CharField(_("outcome"), max_length=4, choices=StageOutcome.choices, default=StageOutcome.OPEN)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("pipeline stage")
        verbose_name_plural = _("pipeline stages")
        ordering = ["position"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return gettext(self.name)

    @property
    def is_closed(self) -> bool:
        return self.outcome != StageOutcome.OPEN


class OpportunityQuerySet(BelongsToAccountQuerySet):
    def with_weighted(self) -> OpportunityQuerySet:
        """Annotate ``win_probability`` (its own, else its stage's) and ``weighted_amount``."""
        return self.annotate(
            win_probability=Coalesce("probability", "stage__probability"),
        ).annotate(
            weighted_amount=Cents(F("amount") * F("win_probability") / Value(100)),
        )

    def open(self) -> OpportunityQuerySet:
        return self.filter(stage__outcome=StageOutcome.OPEN)


class Opportunity(models.Model):
    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.PROTECT, related_name="opportunities"
    )
    name = models.CharField(_("name"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="opportunities"
    )
    stage = models.ForeignKey(
        PipelineStage, verbose_name=_("stage"), on_delete=models.PROTECT, related_name="opportunities"
    )
    amount = money_field(_("amount"), validators=[MinValueValidator(ZERO)])
    probability = models.PositiveSmallIntegerField(
        _("probability (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("Empty: the stage's probability."),
    )
    expected_close = models.DateField(_("expected close"), null=True, blank=True)
    competitors = models.CharField(_("competitors"), max_length=255, blank=True)
    lost_reason = models.TextField(_("lost reason"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # Values of the custom fields an admin defined (customfields): {key: value}.
    custom = models.JSONField(_("custom fields"), default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OpportunityQuerySet.as_manager()

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        ordering = ["expected_close", "pk"]
        indexes = [
            models.Index(fields=["stage", "expected_close"]),
            models.Index(fields=["owner", "stage"]),
            # The list's order: its first page is an index walk that stops after 25 rows
            # instead of joining and sorting every opportunity.
            models.Index(fields=["expected_close", "id"], name="deals_opportunity_close_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class OpportunityContact(models.Model):
    """A contact of the account involved in this deal, in a buying role on it (采购角色)."""

    opportunity = models.ForeignKey(
        Opportunity, verbose_name=_("opportunity"), on_delete=models.CASCADE, related_name="committee"
    )
    contact = models.ForeignKey(
        Contact, verbose_name=_("contact"), on_delete=models.CASCADE, related_name="opportunity_roles"
    )
    role = models.CharField(_("buying role"), max_length=20, choices=BuyingRole.choices)

    class Meta:
        verbose_name = _("contact on the deal")
        verbose_name_plural = _("contacts on the deal")
        ordering = ["opportunity", "role", "contact"]
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "contact", "role"], name="unique_role_per_deal_contact")
        ]

    def __str__(self) -> str:
        return f"{self.contact} ({self.get_role_display()})"
