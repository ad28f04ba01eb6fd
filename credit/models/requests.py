"""Credit-limit requests, how they are routed, and each request's timeline of events."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Account
from accounts.money import money_field
from accounts.visibility import BelongsToAccountQuerySet
from users.bounds import MAX_TERMS_DAYS

from .investigations import CreditInvestigation


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned with questions")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


DECIDED = (RequestStatus.APPROVED, RequestStatus.REJECTED)
OPEN_REQUEST_STATUSES = (RequestStatus.SUBMITTED, RequestStatus.RETURNED)
OPEN_REQUEST_EXISTS = _("This account already has an open credit-limit request: wait for its decision.")


class Route(models.TextChoices):
    MANAGER = "manager", _("Owner's manager")
    CREDIT = "credit", _("Credit approver")


class Decided(models.Model):
    """Who decided and when, on what waits for a decision (a credit-limit request, a held order)."""

    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        abstract = True


class CreditRequest(Decided):
    """A credit-limit request (客户授信额度申请表), routed by the amount to an approver whose
    authority covers it."""

    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.PROTECT, related_name="credit_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("credit request", "requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_limit = money_field(_("requested limit"), validators=[MinValueValidator(0)])
    payment_terms_days = models.PositiveSmallIntegerField(
        _("payment terms (days)"), validators=[MaxValueValidator(MAX_TERMS_DAYS)]
    )
    reason = models.TextField(_("reason"))
    investigation = models.ForeignKey(
        CreditInvestigation, verbose_name=_("investigation"), on_delete=models.PROTECT, related_name="requests"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED
    )
    route = models.CharField(_("decided by"), max_length=10, choices=Route.choices)
    assigned_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("manager"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The manager who decides it, when it is within their approval limit."),
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    approved_limit = money_field(_("approved limit"), null=True, blank=True)
    approved_terms_days = models.PositiveSmallIntegerField(
        _("approved payment terms (days)"), null=True, blank=True, validators=[MaxValueValidator(MAX_TERMS_DAYS)]
    )
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = BelongsToAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("credit-limit request")
        verbose_name_plural = _("credit-limit requests")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["status", "route", "submitted_at"])]
        constraints = [
            # One open request per account: two at once would be decided against each other.
            models.UniqueConstraint(
                fields=["account"],
                condition=Q(status__in=OPEN_REQUEST_STATUSES),
                name="one_open_credit_request_per_account",
                violation_error_message=OPEN_REQUEST_EXISTS,
            )
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.requested_limit}"

    def get_absolute_url(self) -> str:
        return reverse("credit:request_detail", args=[self.pk])

    @property
    def is_decided(self) -> bool:
        return self.status in DECIDED


class CreditRequestEvent(models.Model):
    """One step of a request's timeline: who moved it from which state to which, and why."""

    request = models.ForeignKey(CreditRequest, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    from_status = models.CharField(_("from"), max_length=12, choices=RequestStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=RequestStatus.choices)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("request event")
        verbose_name_plural = _("request events")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.from_status} → {self.to_status}"
