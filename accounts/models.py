from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .money import money_field
from .visibility import AccountQuerySet, BelongsToAccountQuerySet


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


# The archive's sections and the fields each one holds: a section's "last updated" moves
# when one of its fields changes (services.account_update), which is what marks it stale.
BASIC_FIELDS = (
    "code", "name", "short_name", "industry", "region", "address", "phone", "fax", "email", "website",
    "legal_representative", "top_managers", "founded_on", "first_trade_on", "organisation_form",
    "registered_capital", "total_assets", "employees", "lifecycle", "prospect_decision", "owner",
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
    region = models.CharField(_("region"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
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
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="owned_accounts"
    )
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
            # The ids of the accounts some people own, read from the index alone (no visit to the
            # table): the visibility rule's split form (visible_in_bulk_to) behind the
            # opportunity board's and the team pipeline's totals.
            models.Index(fields=["owner", "id"], name="accounts_account_owner_ids"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("accounts:detail", args=[self.pk])

    def clean(self) -> None:
        if self.prospect_decision and self.lifecycle != Lifecycle.PROSPECT:
            raise ValidationError({"prospect_decision": _("Only a prospect has a pursue / give-up decision.")})


class TeamRole(models.TextChoices):
    SALES = "sales", _("Sales support")
    TECHNICAL = "technical", _("Technical support")
    SERVICE = "service", _("Customer service")
    EXECUTIVE = "executive", _("Executive sponsor")


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


class Competitor(models.Model):
    """A competitor active at the account (竞争对手情况); contacts may back one of them."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="competitors")
    name = models.CharField(_("competitor"), max_length=200)
    products = models.CharField(_("products they sell here"), max_length=255, blank=True)
    strengths = models.TextField(_("strengths and weaknesses"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()
    objects = BelongsToAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("competitor")
        verbose_name_plural = _("competitors")
        ordering = ["account", "name"]
        constraints = [models.UniqueConstraint(fields=["account", "name"], name="unique_competitor_per_account")]

    def __str__(self) -> str:
        return self.name


def _ratio(numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    if numerator is None or not denominator:
        return None
    return numerator / denominator


class FinancialYear(models.Model):
    """The account's financial statements for one year (资料分析), with the ratios derived."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="financial_years")
    year = models.PositiveSmallIntegerField(_("year"))
    current_assets = money_field(_("current assets"), max_digits=18, null=True, blank=True)
    current_liabilities = money_field(_("current liabilities"), max_digits=18, null=True, blank=True)
    total_assets = money_field(_("total assets"), max_digits=18, null=True, blank=True)
    revenue = money_field(_("revenue"), max_digits=18, null=True, blank=True)
    net_profit = money_field(_("net profit"), max_digits=18, null=True, blank=True)
    receivables = money_field(_("receivables"), max_digits=18, null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()
    objects = BelongsToAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("financial year")
        verbose_name_plural = _("financial years")
        ordering = ["account", "-year"]
        constraints = [models.UniqueConstraint(fields=["account", "year"], name="unique_financial_year")]

    def __str__(self) -> str:
        return str(self.year)

    @property
    def current_asset_ratio(self) -> Decimal | None:
        """流动资产率: current assets / total assets."""
        return _ratio(self.current_assets, self.total_assets)

    @property
    def current_ratio(self) -> Decimal | None:
        """Current assets / current liabilities."""
        return _ratio(self.current_assets, self.current_liabilities)

    @property
    def net_profit_margin(self) -> Decimal | None:
        return _ratio(self.net_profit, self.revenue)

    @property
    def return_on_assets(self) -> Decimal | None:
        return _ratio(self.net_profit, self.total_assets)

    @property
    def collection_period_days(self) -> Decimal | None:
        """回款周期 (DSO): receivables / revenue × 365."""
        ratio = _ratio(self.receivables, self.revenue)
        return None if ratio is None else (ratio * 365).quantize(Decimal("1"))


class AccountPlan(models.Model):
    """The account plan (大客户计划): core info, the archive's most confidential layer."""

    account = models.OneToOneField(Account, on_delete=models.CASCADE, related_name="plan")
    objectives = models.TextField(_("our objectives"), blank=True)
    customer_goals = models.TextField(_("the customer's goals"), blank=True)
    opportunity_analysis = models.TextField(_("market-opportunity analysis"), blank=True)
    relationship_analysis = models.TextField(_("business-relationship analysis"), blank=True)
    value_lower_cost = models.TextField(_("lower purchasing cost"), blank=True)
    value_more_revenue = models.TextField(_("more revenue"), blank=True)
    value_less_waste = models.TextField(_("less waste"), blank=True)
    value_solution = models.TextField(_("a solution"), blank=True)
    value_intangible = models.TextField(_("intangible value"), blank=True)
    competitive_strategy = models.TextField(_("competitive strategy"), blank=True)
    relationship_strategy = models.TextField(_("relationship strategy"), blank=True)
    barrier_strategy = models.TextField(_("barrier strategy"), blank=True)
    review_on = models.DateField(_("next review"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()
    objects = BelongsToAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("account plan")
        verbose_name_plural = _("account plans")

    def __str__(self) -> str:
        return str(self.account)


class NegotiationRecord(models.Model):
    """A negotiation record (谈判记录) on the account's process timeline."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="negotiations")
    held_on = models.DateField(_("date"))
    subject = models.CharField(_("subject"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = BelongsToAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("negotiation record")
        verbose_name_plural = _("negotiation records")
        ordering = ["account", "-held_on", "-pk"]

    def __str__(self) -> str:
        return self.subject


class CoreInfoAccess(models.Model):
    """One opening of an account's core info (the plan): who, when, which account."""

    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="core_info_accesses"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="core_info_accesses"
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)

    objects = BelongsToAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("core-info access")
        verbose_name_plural = _("core-info access log")
        ordering = ["-opened_at", "-pk"]
        indexes = [models.Index(fields=["account", "opened_at"]), models.Index(fields=["user", "opened_at"])]

    def __str__(self) -> str:
        return f"{self.user} → {self.account} {self.opened_at:%Y-%m-%d %H:%M}"


class SavedFilter(models.Model):
    """A user's named filter of the account list: its query string, checked and bounded by
    ``forms.SavedFilterForm`` (only the list's own parameters), at most
    ``services.MAX_SAVED_FILTERS`` per user."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="saved_filters"
    )
    name = models.CharField(_("name"), max_length=60)
    query = models.CharField(_("filter"), max_length=500)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="unique_saved_filter_name")]

    def __str__(self) -> str:
        return self.name
