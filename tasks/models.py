"""To-dos that are not visits (待办): a title, a due date and an owner, on an account.

A task may also name a contact, an opportunity or the visit whose next step it carries
(one task per visit, so turning a next step into a task twice makes one). ``reminded_for``
is the due date its owner was last reminded of: the reminder job claims a task by setting
it, so a task is reminded once per due date, again only if its due date moves.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Account
from accounts.visibility import BelongsToAccountQuerySet


class TaskQuerySet(BelongsToAccountQuerySet):
    def open(self) -> TaskQuerySet:
        return self.filter(done_at__isnull=True)


class Task(models.Model):
    account = models.ForeignKey(Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="tasks")
    contact = models.ForeignKey(
        "contacts.Contact",
        verbose_name=_("contact"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    opportunity = models.ForeignKey(
        "deals.Opportunity",
        verbose_name=_("opportunity"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    visit = models.ForeignKey(
        "visits.Visit", verbose_name=_("visit"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(pgettext_lazy("task", "title"), max_length=255)
    due_on = models.DateField(_("due date"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="tasks"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reminded_for = models.DateField(null=True, blank=True, editable=False)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["visit"], name="task_one_per_visit", condition=models.Q(visit__isnull=False)
            )
        ]
        indexes = [
            models.Index(
                fields=["owner", "due_on"], name="task_open_by_owner", condition=models.Q(done_at__isnull=True)
            ),
            models.Index(fields=["due_on"], name="task_open_due", condition=models.Q(done_at__isnull=True)),
            models.Index(fields=["account", "created_at"]),
        ]

    def __str__(self) -> str:
        return self.title
