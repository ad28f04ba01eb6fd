"""Visits and follow-ups (拜访): cadences, plans, the visit log, holidays, complaints, calendar feeds."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import Account
from accounts.visibility import BelongsToAccountQuerySet
from scoring.models import Level, Tier
from users.bounds import within


class TimeOfDay(models.TextChoices):
    ANY = "any", _("Any time")
    MORNING = "morning", _("Morning")
    AFTERNOON = "afternoon", _("Afternoon")


class ProspectDecision(models.TextChoices):
    """The values of the account's pursue decision for a prospect (accounts.Account.prospect_decision)."""

    PURSUE = "pursue", _("Keep pursuing")
    DONT_GIVE_UP = "dont_give_up", _("Don't give up")
    GIVE_UP = "give_up", _("Give up")


class Cadence(models.Model):
    """How often an account should be visited.

    A row matches accounts by tier and level (from scoring's standing) or, for prospects, by
    their pursue decision; blank fields match anything. The most specific row wins: prospect
    decision, then tier and level, then tier, then the default row (every field blank), which
    also applies to accounts that have no standing yet. An interval of 0 days means "no
    scheduled visits" (a prospect given up).
    """

    tier = models.CharField(
        _("ABC tier"), max_length=1, choices=Tier.choices, blank=True, help_text=_("Blank for any tier.")
    )
    level = models.CharField(
        _("level"), max_length=20, choices=Level.choices, blank=True, help_text=_("Blank for any level.")
    )
    prospect_decision = models.CharField(
        _("prospect decision"),
        max_length=20,
        choices=ProspectDecision.choices,
        blank=True,
        help_text=_("For prospects: their pursue decision."),
    )
    interval_days = models.PositiveIntegerField(_("visit every (days)"), help_text=_("0: no scheduled visits."))
    preferred_time = models.CharField(
        _("preferred time of day"), max_length=10, choices=TimeOfDay.choices, default=TimeOfDay.ANY
    )
    senior_joins_every = models.PositiveIntegerField(
        _("a senior manager joins every n-th visit"), default=0, help_text=_("0: never.")
    )

    class Meta:
        verbose_name = _("visit cadence")
        verbose_name_plural = _("visit cadences")
        ordering = ["prospect_decision", "tier", "level"]
        constraints = [
            models.UniqueConstraint(fields=["tier", "level", "prospect_decision"], name="unique_visit_cadence"),
        ]

    def __str__(self) -> str:
        scope = self.prospect_decision or " ".join(filter(None, [self.tier, self.level])) or str(_("default"))
        return f"{scope}: {self.interval_days}"


class Purpose(models.TextChoices):
    ROUTINE = "routine", _("Routine visit")
    DELIVERY = "delivery", _("Delivery or collection")
    NEW_PRODUCT = "new_product", _("New product")
    SERVICE = "service", _("Service check")
    CARE = "care", _("Care call")
    COMPLAINT = "complaint", _("Complaint")
    NEGOTIATION = "negotiation", _("Negotiation")


# The pre-visit checklist (docs/visits.md): field name → label.
CHECKLIST = {
    "knows_decision_maker": _("Decision-maker known"),
    "appointment_made": _("Appointment made"),
    "likely_orders_listed": _("Likely orders listed"),
    "referral_used": _("Referral used"),
    "objections_prepared": _("Objections prepared"),
    "interests_known": _("The contact's interests known"),
}


# A position less precise than this (in metres) tells nothing about where the rep was.
MAX_CHECK_IN_ACCURACY_M = 100_000


class Visit(models.Model):
    """A visit log entry (拜访记录)."""

    account = models.ForeignKey(Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="visits")
    rep = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("visited by"), on_delete=models.PROTECT, related_name="visits"
    )
    visited_on = models.DateField(_("visit date"))
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices, default=Purpose.ROUTINE)
    knows_decision_maker = models.BooleanField(CHECKLIST["knows_decision_maker"], default=False)
    appointment_made = models.BooleanField(CHECKLIST["appointment_made"], default=False)
    likely_orders_listed = models.BooleanField(CHECKLIST["likely_orders_listed"], default=False)
    referral_used = models.BooleanField(CHECKLIST["referral_used"], default=False)
    objections_prepared = models.BooleanField(CHECKLIST["objections_prepared"], default=False)
    interests_known = models.BooleanField(CHECKLIST["interests_known"], default=False)
    senior_joined = models.BooleanField(_("a senior manager joined"), default=False)
    contacts = models.ManyToManyField(
        "contacts.Contact", verbose_name=_("contacts met"), blank=True, related_name="visits"
    )
    outcome = models.TextField(_("outcome"), blank=True)
    next_step = models.CharField(_("next step"), max_length=255, blank=True)
    next_follow_up = models.DateField(_("next follow-up"), null=True, blank=True)
    # A check-in (settings.VISITS_CHECK_IN): the phone's position when the visit was logged,
    # shared by the rep ticking consent, and its distance to the account's recorded location.
    check_in_latitude = models.DecimalField(
        _("check-in latitude"), max_digits=9, decimal_places=6, null=True, blank=True, validators=within(90)
    )
    check_in_longitude = models.DecimalField(
        _("check-in longitude"), max_digits=9, decimal_places=6, null=True, blank=True, validators=within(180)
    )
    check_in_accuracy_m = models.PositiveIntegerField(
        _("check-in accuracy (m)"), null=True, blank=True, validators=[MaxValueValidator(MAX_CHECK_IN_ACCURACY_M)]
    )
    check_in_distance_m = models.PositiveIntegerField(_("distance to the account (m)"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = BelongsToAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-visited_on", "-pk"]
        indexes = [
            models.Index(fields=["account", "visited_on"]),
            models.Index(fields=["next_follow_up"]),
            # each rep's visits of a period, counted for the team plan's check-in compliance
            models.Index(fields=["rep", "visited_on"], name="visit_rep_date"),
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.visited_on}"

    def checklist(self) -> list[tuple[str, bool]]:
        return [(label, getattr(self, name)) for name, label in CHECKLIST.items()]

    @property
    def checked_in(self) -> bool:
        return self.check_in_latitude is not None and self.check_in_longitude is not None


class PlanStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class VisitSchedule(models.Model):
    """Each account's owner, cadence and next due visit, as ``visits.schedule.schedules_refresh``
    last computed them (from ``selectors.with_cadence``), so the due list and the team plan sort and
    count tens of thousands of accounts by index. Logging a visit refreshes its account at once,
    an owner change the accounts moved; an hourly job refreshes every account (tiers, lifecycles
    and cadences change elsewhere).

    ``next_due`` is None when the account has no scheduled visits (lost, or a 0-day cadence).
    ``owner`` is the account's owner, kept here so a rep's overdue accounts are counted on one
    index (owner, next due) without reading 50 000 accounts (the team plan, the dashboard).
    """

    account = models.OneToOneField(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, primary_key=True, related_name="visit_schedule"
    )
    # CASCADE: the account's own owner protects the user, so deleting one only ever removes a
    # stale copy, which the next refresh writes again. The (owner, next_due) index serves it.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    cadence = models.ForeignKey(Cadence, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    cadence_days = models.PositiveIntegerField(_("visit every (days)"))
    last_visited = models.DateField(_("last visit"), null=True, blank=True)
    next_due = models.DateField(_("next due visit"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("visit schedule")
        verbose_name_plural = _("visit schedules")
        indexes = [
            models.Index(fields=["next_due"]),
            models.Index(fields=["owner", "next_due"], name="visit_schedule_owner_due"),
        ]

    def __str__(self) -> str:
        return f"{self.account_id}: {self.next_due}"


class PlanItem(models.Model):
    """One planned visit of a rep's weekly or monthly plan."""

    rep = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("rep"), on_delete=models.CASCADE, related_name="plan_items"
    )
    account = models.ForeignKey(Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="plan_items")
    planned_on = models.DateField(_("planned date"))
    time_of_day = models.CharField(_("time of day"), max_length=10, choices=TimeOfDay.choices, default=TimeOfDay.ANY)
    senior_should_join = models.BooleanField(_("a senior manager should join"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.PLANNED)
    suggested = models.BooleanField(_("suggested"), default=False)
    drop_reason = models.CharField(_("reason for dropping"), max_length=255, blank=True)
    visit = models.OneToOneField(
        Visit, verbose_name=_("visit"), on_delete=models.SET_NULL, null=True, blank=True, related_name="plan_item"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = BelongsToAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("planned visit")
        verbose_name_plural = _("planned visits")
        ordering = ["planned_on", "pk"]
        constraints = [
            # A suggestion run twice, or an add repeated, never plans the same account twice a day.
            models.UniqueConstraint(fields=["account", "planned_on"], name="unique_plan_item_per_account_day"),
            models.CheckConstraint(
                condition=~Q(status="dropped") | ~Q(drop_reason=""), name="dropped_plan_item_has_reason"
            ),
        ]
        indexes = [models.Index(fields=["rep", "planned_on"])]

    def __str__(self) -> str:
        return f"{self.account} {self.planned_on}"


class Holiday(models.Model):
    """A holiday on which reps make care visits or calls (节日问候)."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_zh_hans = models.CharField(_("Chinese name"), max_length=100, blank=True)
    remind_days_before = models.PositiveIntegerField(_("remind days before"), default=7)

    class Meta:
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        ordering = ["date"]

    def __str__(self) -> str:
        return self.localized_name

    @property
    def localized_name(self) -> str:
        if (get_language() or "").lower().startswith("zh") and self.name_zh_hans:
            return self.name_zh_hans
        return self.name


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class ComplaintOutcome(models.TextChoices):
    """How a complaint ended: the three groups of the seeds' repeat-purchase comparison."""

    QUICK = "quick", _("Resolved quickly and well")
    RESOLVED = "resolved", _("Resolved well")
    UNRESOLVED = "unresolved", _("Not resolved")


class ComplaintQuerySet(BelongsToAccountQuerySet):
    def open(self) -> ComplaintQuerySet:
        return self.filter(resolved_at__isnull=True)


class Complaint(models.Model):
    """A customer complaint (投诉), timed from opening to resolution."""

    account = models.ForeignKey(Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="complaints")
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.MEDIUM)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="owned_complaints",
    )
    opened_at = models.DateTimeField(pgettext_lazy("complaint", "opened"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=ComplaintOutcome.choices, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True, outcome="") | (Q(resolved_at__isnull=False) & ~Q(outcome="")),
                name="closed_complaint_has_outcome",
            ),
        ]
        indexes = [models.Index(fields=["account", "opened_at"]), models.Index(fields=["resolved_at"])]

    def __str__(self) -> str:
        return self.subject

    @property
    def time_to_resolution(self):
        return self.resolved_at - self.opened_at if self.resolved_at else None


class CalendarFeed(models.Model):
    """A private URL at which a rep's plan is published as iCalendar; revoked by deleting it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(_("token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)
