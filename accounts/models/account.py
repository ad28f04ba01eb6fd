"""The account (客户档案) itself: its sections and the colleagues and stages attached to it."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower, Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from users.bounds import within

from ..credit_code import validate_credit_code
from ..money import money_field
from ..visibility import AccountQuerySet
from .choices import (
    CooperationAttitude,
    Industry,
    KeyAccountType,
    Level,
    Lifecycle,
    OrganisationForm,
    ProspectDecision,
    RelationshipStage,
    TeamRole,
)

# The archive's sections and the fields each one holds: a section's "last updated" moves
# when one of its fields changes (services.account_update), which is what marks it stale.
BASIC_FIELDS = (
    "code", "name", "short_name", "industry", "region", "address", "phone", "fax", "email", "website",
    "legal_representative", "top_managers", "founded_on", "first_trade_on", "organisation_form",
    "registered_capital", "total_assets", "employees", "lifecycle", "prospect_decision", "owner", "credit_code",
)  # fmt: skip
IMPORTANT_FIELDS = (
    "product_positioning", "annual_revenue", "competition", "development_potential", "business_philosophy",
    "scale", "cooperation_attitude", "key_account_type", "relationship_stage", "spend_share",
    "technical_content", "purchase_complexity", "policy_factors",
)  # fmt: skip
PROCESS_FIELDS = ("inventory_notes",)


class Account(models.Model):
    """A customer company: the root of the customer archive (客户档案)."""

    code = models.CharField(_("account code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    industry = models.CharField(_("industry"), max_length=20, choices=Industry.choices, default=Industry.OTHER)
    # Filtered by region and its areas (users.regions.in_region), on the FK's own index.
    region = models.ForeignKey(
        "users.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="accounts",
        null=True,
        blank=True,
        db_index=False,  # the (region, owner, id) index serves it
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    # Where the customer is, for the distance of a visit check-in (visits); a rep sets it from one.
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True, validators=within(90)
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True, validators=within(180)
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    fax = models.CharField(_("fax"), max_length=40, blank=True)
    legal_representative = models.CharField(_("legal representative"), max_length=100, blank=True)
    top_managers = models.TextField(_("owner and top managers"), blank=True)
    founded_on = models.DateField(_("founding date"), null=True, blank=True)
    first_trade_on = models.DateField(_("first trade with us"), null=True, blank=True)
    organisation_form = models.CharField(
        _("organisation form"), max_length=20, choices=OrganisationForm.choices, blank=True
    )
    registered_capital = money_field(_("registered capital"), max_digits=18, null=True, blank=True)
    total_assets = money_field(_("total assets"), max_digits=18, null=True, blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    lifecycle = models.CharField(_("lifecycle"), max_length=10, choices=Lifecycle.choices, default=Lifecycle.ACTIVE)
    prospect_decision = models.CharField(
        _("prospect decision"),
        max_length=20,
        choices=ProspectDecision.choices,
        blank=True,
        help_text=_("For a prospect: keep pursuing, don't give up, or give up."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="owned_accounts",
        db_index=False,  # the (owner, id) index serves it
    )
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
        help_text=_("18 characters, printed on the business licence."),
    )
    # Keys of accounts.duplicates, written with the name and the phone by the services.
    name_key = models.CharField(max_length=200, blank=True, editable=False)
    phone_key = models.CharField(max_length=40, blank=True, editable=False)
    # Important info (重要信息)
    product_positioning = models.TextField(_("product positioning"), blank=True)
    annual_revenue = money_field(_("their annual sales"), max_digits=18, null=True, blank=True)
    competition = models.TextField(
        _("competitive situation"), blank=True, help_text=_("Their competitors and the competitors selling to them.")
    )
    development_potential = models.CharField(
        _("development potential"), max_length=10, choices=Level.choices, blank=True
    )
    business_philosophy = models.TextField(_("business philosophy and direction"), blank=True)
    scale = models.CharField(_("scale"), max_length=10, choices=Level.choices, blank=True)
    cooperation_attitude = models.CharField(
        _("cooperation attitude"), max_length=10, choices=CooperationAttitude.choices, blank=True
    )
    key_account_type = models.CharField(
        _("key-account type"), max_length=20, choices=KeyAccountType.choices, blank=True
    )
    relationship_stage = models.CharField(
        _("relationship stage"), max_length=20, choices=RelationshipStage.choices, blank=True
    )
    # Purchase factors (影响购买的因素)
    spend_share = models.CharField(_("share of their spending"), max_length=10, choices=Level.choices, blank=True)
    technical_content = models.CharField(_("technical content"), max_length=10, choices=Level.choices, blank=True)
    purchase_complexity = models.CharField(_("purchase complexity"), max_length=10, choices=Level.choices, blank=True)
    policy_factors = models.TextField(_("policy factors"), blank=True)
    # Process info (过程管理信息)
    inventory_notes = models.TextField(_("inventory notes"), blank=True)
    # Values of the custom fields an admin defined (customfields): {key: value}.
    custom = models.JSONField(_("custom fields"), default=dict, blank=True, editable=False)

    basic_updated_at = models.DateTimeField(_("basic info updated"), default=timezone.now)
    important_updated_at = models.DateTimeField(_("important info updated"), default=timezone.now)
    process_updated_at = models.DateTimeField(_("process info updated"), default=timezone.now)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()
    objects = AccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = ["name", "code"]
        indexes = [
            models.Index(fields=["name", "code"]),
            models.Index(fields=["industry"]),
            # The list's search matches the code case-insensitively (UPPER(code) = UPPER(%s)):
            # without this index that one branch of its OR scanned every account.
            models.Index(Upper("code"), name="accounts_account_code_upper"),
            # accounts.duplicates: one indexed lookup per key.
            models.Index(fields=["name_key"], name="accounts_account_name_key"),
            models.Index(fields=["phone_key"], name="accounts_account_phone_key"),
            models.Index(Lower("email"), name="accounts_account_email_lower"),
            # The ids of the accounts some people own, read from the index alone (no visit to the
            # table): the visibility rule's split form (visible_in_bulk_to) behind the
            # opportunity board's and the team pipeline's totals.
            models.Index(fields=["owner", "id"], name="accounts_account_owner_ids"),
            # A region's accounts with the columns the visibility rule tests, read from the index
            # alone: a manager's list opens on their region, and counting its first thousand
            # rows no longer visits the table (bench/README.md, 2026-12-06 18:00 UTC).
            models.Index(fields=["region", "owner", "id"], name="accounts_account_region_owner"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~Q(credit_code=""),
                name="unique_account_credit_code",
                violation_error_message=_("Another account has this unified social credit code."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("accounts:detail", args=[self.pk])

    def clean(self) -> None:
        if self.prospect_decision and self.lifecycle != Lifecycle.PROSPECT:
            raise ValidationError({"prospect_decision": _("Only a prospect has a pursue / give-up decision.")})


class AccountTeamMember(models.Model):
    """A colleague who works the account beside its owner, and so may see it."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="team_members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="account_memberships"
    )
    role = models.CharField(
        _("role on the account team"), max_length=20, choices=TeamRole.choices, default=TeamRole.SALES
    )

    class Meta:
        verbose_name = _("account team member")
        verbose_name_plural = _("account team members")
        constraints = [models.UniqueConstraint(fields=["account", "user"], name="unique_account_team_member")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class RelationshipStageReached(models.Model):
    """When the account reached a relationship stage (one row per stage, kept when it moves on)."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="stages_reached")
    stage = models.CharField(_("relationship stage"), max_length=20, choices=RelationshipStage.choices)
    reached_on = models.DateField(_("reached on"))

    class Meta:
        verbose_name = _("relationship stage reached")
        verbose_name_plural = _("relationship stages reached")
        ordering = ["account", "reached_on"]
        constraints = [models.UniqueConstraint(fields=["account", "stage"], name="unique_stage_per_account")]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.reached_on}"
