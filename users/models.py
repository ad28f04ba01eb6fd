from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    REP = "rep", _("Sales rep")
    MANAGER = "manager", _("Sales manager")
    CREDIT_APPROVER = "credit_approver", _("Credit approver")
    ADMIN = "admin", _("Administrator")


class Team(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("manager"),
        on_delete=models.PROTECT,
        related_name="managed_teams",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Region(models.Model):
    """A sales region (销售区域) or one of its areas (片区): a tree two levels deep. An account
    belongs to one; a region's filter takes in its areas (``users.regions``)."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="areas",
        null=True,
        blank=True,
        help_text=_("Empty for a region; the region an area lies in."),
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # Region → area, no deeper: an area's parent is a region, and a region with areas
        # does not become an area itself.
        if self.parent_id is None:
            return
        if self.parent_id == self.pk or self.parent.parent_id is not None:
            raise ValidationError({"parent": _("An area lies in a region, not in another area.")})
        if self.pk and self.areas.exists():
            raise ValidationError({"parent": _("A region with areas cannot become an area.")})


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.REP)
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.SET_NULL, null=True, blank=True, related_name="members"
    )
    approval_limit = models.DecimalField(
        _("approval limit"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("0"),
        help_text=_("The largest credit limit this person may approve (managers)."),
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    # A manager's region: their dashboard and account list open on it (users.regions).
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The region the dashboard and the account list open on."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def sees_all_accounts(self) -> bool:
        from .permissions import is_credit_approver  # the rule lives with the other role rules

        return is_credit_approver(self)

    @property
    def is_manager(self) -> bool:
        return self.role == Role.MANAGER

    @property
    def is_admin_role(self) -> bool:
        from .permissions import is_admin

        return is_admin(self)


class Notification(models.Model):
    """Something a person should know, shown in the app and sent by e-mail once.

    ``key`` names the event (for example ``scoring:downgrade:<run>:<account>``); the unique
    constraint on (recipient, key) is what makes sending idempotent: a job that runs twice,
    or two workers at once, cannot notify the same person of the same event twice.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    key = models.CharField(_("event key"), max_length=200)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    # The language the subject and body were written in (the recipient's when it was sent).
    language = models.CharField(_("language"), max_length=10, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    # An e-mail that cannot be sent as it stands (a malformed address…): not tried again.
    email_failed_at = models.DateTimeField(_("e-mail failed"), null=True, blank=True)
    email_error = models.CharField(_("e-mail error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="unique_notification_per_event")]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.subject


class SettingChange(models.Model):
    """One change of a business setting edited in the app (the credit policy, the scoring
    configuration, visit cadences and holidays, a user's role): the value it took, the one it
    replaced, who and when. The newest row of a key is the setting in force
    (``users.business_settings``); the rows before it are its history."""

    key = models.CharField(_("setting"), max_length=100)
    value = models.JSONField(_("new value"), blank=True)
    previous = models.JSONField(_("previous value"), null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)

    class Meta:
        verbose_name = _("setting change")
        verbose_name_plural = _("setting changes")
        ordering = ["-changed_at", "-pk"]
        indexes = [models.Index(fields=["key", "-changed_at", "-id"], name="setting_change_key_latest")]

    def __str__(self) -> str:
        return f"{self.key} {self.changed_at:%Y-%m-%d %H:%M}"
