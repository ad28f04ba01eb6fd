"""Import jobs: an uploaded file, stored once, and what the background task made of it.

``ImportJob`` is the shape every import's job shares (the order import's adds its options);
``TableImport`` is the job of the imports that run through a registered ``Importer``
(accounts, contacts).
"""

from __future__ import annotations

import datetime
import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportStorage(FileSystemStorage):
    """Uploaded import files, kept apart from other media, in ``IMPORT_ROOT``.

    Read from the settings on every use, so tests (and deployments) can point it elsewhere;
    the web process and the worker must share the folder.
    """

    @property
    def base_location(self):
        return str(settings.IMPORT_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)


def import_storage():
    """The storage named "imports" in STORAGES (ImportStorage unless configured otherwise)."""
    return storages["imports"]


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    CHECKING = "checking", _("Checking (dry run)")
    CHECKED = "checked", _("Checked")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


class ImportJob(models.Model):
    """One uploaded file: its columns and mapping, its dry run, its import.

    It moves UPLOADED → CHECKING → CHECKED → IMPORTING → DONE (or FAILED); a step is first
    requested (``requested_at``), then claimed by a worker; see ``imports.jobs``.
    """

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.CASCADE, related_name="+"
    )
    file = models.FileField(_("file"), storage=import_storage, upload_to="%Y/%m/", blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    headers = models.JSONField(_("columns"), default=list)
    mapping = models.JSONField(_("column mapping"), default=dict)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.UPLOADED)
    result = models.JSONField(_("result"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Set while a step is requested and no worker has claimed it yet (``imports.jobs``).
    requested_at = models.DateTimeField(_("requested"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    # A run this old has lost its worker (the Online Retail file takes well under a minute).
    STALE_AFTER = datetime.timedelta(hours=1)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_running(self) -> bool:
        return self.status in (ImportStatus.CHECKING, ImportStatus.IMPORTING) and not self.is_stale

    @property
    def is_stale(self) -> bool:
        """Started so long ago that its worker must have died; it may be started again."""
        return (
            self.status in (ImportStatus.CHECKING, ImportStatus.IMPORTING)
            and self.started_at is not None
            and self.started_at < timezone.now() - self.STALE_AFTER
        )


class TableImport(ImportJob):
    """An import of accounts or contacts; ``kind`` names its ``Importer`` (``imports.registry``)."""

    kind = models.CharField(_("kind"), max_length=20)

    class Meta(ImportJob.Meta):
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        indexes = [models.Index(fields=["created_by", "kind", "-created_at"], name="tableimport_user_kind")]


def export_storage():
    """The storage named "exports" in STORAGES: files of exports too long for a web request."""
    return storages["exports"]


class ExportStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for the worker")
    RUNNING = "running", _("Writing the file")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ExportJob(models.Model):
    """A list's export too long to write inside a web request: which export view, with which
    filters, for whom; a worker writes the file (``imports.export_jobs``) and only the person
    who asked downloads it."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.CASCADE, related_name="+"
    )
    url_name = models.CharField(_("export"), max_length=60)
    query = models.CharField(_("filters"), max_length=2000, blank=True)
    file_format = models.CharField(_("format"), max_length=4)
    status = models.CharField(_("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.WAITING)
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    file = models.FileField(_("file"), storage=export_storage, upload_to="%Y/%m/", blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Set until a worker claims the job (the same hand-off as the import jobs').
    requested_at = models.DateTimeField(_("requested"), null=True, blank=True, default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.url_name} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_running(self) -> bool:
        return self.status in (ExportStatus.WAITING, ExportStatus.RUNNING)
