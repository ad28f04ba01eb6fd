from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .visibility import AccountQuerySet


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
    EDUCATION = "education", _("Education")
    OTHER = "other", _("Other")


class Lifecycle(models.TextChoices):
    PROSPECT = "prospect", _("Prospect")
    ACTIVE = "active", _("Active")
    DORMANT = "dormant", _("Dormant")
    LOST = "lost", _("Lost")


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
    lifecycle = models.CharField(_("lifecycle"), max_length=10, choices=Lifecycle.choices, default=Lifecycle.ACTIVE)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="owned_accounts"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()
    objects = AccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = ["name", "code"]
        indexes = [models.Index(fields=["name", "code"]), models.Index(fields=["industry"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("accounts:detail", args=[self.pk])


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
