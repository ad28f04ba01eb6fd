from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """The last time beat's heartbeat job was run by a worker: the whole path every
    scheduled job takes (beat sends, the broker carries, a worker runs, the database
    records), which /readyz reads. One row per name, overwritten: running it twice is harmless.
    """

    name = models.CharField(_("name"), max_length=50, unique=True)
    beat_at = models.DateTimeField(_("last beat"))

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self) -> str:
        return self.name
