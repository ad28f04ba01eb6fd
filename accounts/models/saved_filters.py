"""A user's named filters of the account list."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
