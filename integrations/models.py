"""Chat channels (WeCom, DingTalk, Feishu robots) and outbound webhook subscriptions, with a
delivery row per message: the unique key on each delivery is what sends it once."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from users.permissions import is_admin

URL_MAX_LENGTH = 500
# What is kept of a receiver's answer in the delivery log.
RESPONSE_MAX_CHARS = 1000


def new_secret() -> str:
    return secrets.token_hex(32)


class ChannelKind(models.TextChoices):
    WECOM = "wecom", _("WeCom group robot")
    DINGTALK = "dingtalk", _("DingTalk custom robot")
    FEISHU = "feishu", _("Feishu custom bot")


class ChatChannelQuerySet(models.QuerySet):
    def visible_to(self, user) -> ChatChannelQuerySet:
        """A person's own channels, and the team channels they manage: every team's for an
        admin, their own teams' for a manager. Nobody else's (404)."""
        if is_admin(user):
            return self.filter(Q(user=user) | Q(team__isnull=False))
        return self.filter(Q(user=user) | Q(team__manager=user))


class ChatChannel(models.Model):
    """A group robot that receives the notifications of one person or of one team's members."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("platform"), max_length=20, choices=ChannelKind.choices)
    url = models.CharField(_("webhook address"), max_length=URL_MAX_LENGTH)
    secret = models.CharField(
        _("signing secret"),
        max_length=200,
        blank=True,
        help_text=_("DingTalk: the SEC… secret of 加签. Feishu: the secret of 签名校验. WeCom: leave empty."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="chat_channels",
    )
    team = models.ForeignKey(
        "users.Team", verbose_name=_("team"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ChatChannelQuerySet.as_manager()

    class Meta:
        verbose_name = _("chat channel")
        verbose_name_plural = _("chat channels")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False, team__isnull=True) | Q(user__isnull=True, team__isnull=False),
                name="chat_channel_for_a_person_or_a_team",
            )
        ]

    def __str__(self) -> str:
        return self.name


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Delivered")
    FAILED = "failed", _("Failed")


class Delivery(models.Model):
    """One message to one destination: claimed (PENDING → SENDING) by a conditional UPDATE
    before it is sent, so two workers, or a task and the sweep, never both send it."""

    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(_("response status"), null=True, blank=True)
    response_body = models.CharField(_("response"), max_length=RESPONSE_MAX_CHARS, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        abstract = True


class ChatDelivery(Delivery):
    channel = models.ForeignKey(ChatChannel, on_delete=models.CASCADE, related_name="deliveries")
    # The notification's event key: a team's channel hears of an event once, however many of
    # its members were told.
    key = models.CharField(max_length=200)
    notification = models.ForeignKey(
        "users.Notification", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    title = models.CharField(max_length=200)
    text = models.TextField(blank=True)
    link = models.CharField(max_length=300, blank=True)
    language = models.CharField(max_length=10, default=settings.LANGUAGE_CODE)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["channel", "key"], name="chat_delivery_once_per_event")]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="chat_delivery_due")]

    def __str__(self) -> str:
        return self.title


class WebhookSubscription(models.Model):
    """An address an admin subscribed to some events; every request to it is signed with its
    secret. Disabled automatically after WEBHOOK_DISABLE_AFTER_FAILURES deliveries in a row
    failed for good."""

    name = models.CharField(_("name"), max_length=100)
    url = models.CharField(_("address"), max_length=URL_MAX_LENGTH)
    secret = models.CharField(_("signing secret"), max_length=64, default=new_secret)
    events = models.JSONField(_("events"), default=list)
    is_active = models.BooleanField(_("active"), default=True)
    consecutive_failures = models.PositiveIntegerField(_("failures in a row"), default=0)
    disabled_at = models.DateTimeField(_("disabled automatically"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class WebhookEvent(models.Model):
    """Something that happened, as sent to every subscriber: ``uuid`` is the id a receiver
    deduplicates by (the same for every attempt and every subscriber)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=50)
    payload = models.JSONField(encoder=DjangoJSONEncoder)
    account = models.ForeignKey("accounts.Account", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} {self.uuid}"


class WebhookDelivery(Delivery):
    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(WebhookEvent, on_delete=models.CASCADE, related_name="deliveries")

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["subscription", "event"], name="webhook_delivery_once_per_event")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due")]

    def __str__(self) -> str:
        return f"{self.event} → {self.subscription}"
