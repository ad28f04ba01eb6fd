"""Factories for the import jobs of accounts and contacts, and the exports a worker writes."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from imports.models import ExportJob, ExportStatus, TableImport

from .core import UserFactory

__all__ = ["ExportJobFactory", "TableImportFactory"]


class TableImportFactory(DjangoModelFactory):
    """An uploaded account file (a small CSV) whose columns are read."""

    class Meta:
        model = TableImport

    kind = "accounts"
    created_by = factory.SubFactory(UserFactory)
    original_name = "accounts.csv"
    file = factory.django.FileField(filename="accounts.csv", data=b"code,name,owner\nK1,Alpha,rep\n")
    headers = ["code", "name", "owner"]
    mapping = factory.LazyAttribute(lambda job: {name: name for name in job.headers})


class ExportJobFactory(DjangoModelFactory):
    """A written export of the account list, ready to download."""

    class Meta:
        model = ExportJob

    requested_by = factory.SubFactory(UserFactory)
    url_name = "accounts:export"
    file_format = "csv"
    status = ExportStatus.DONE
    rows = 1
    requested_at = None
    file = factory.django.FileField(filename="accounts.csv", data=b"code,name\r\nK1,Alpha\r\n")
