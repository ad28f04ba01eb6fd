"""Factories for the import jobs of accounts and contacts."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from imports.models import TableImport

from .core import UserFactory

__all__ = ["TableImportFactory"]


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
