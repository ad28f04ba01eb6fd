"""Writes to the custom fields' definitions (the admin's pages call these)."""

from __future__ import annotations

from django.db import transaction

from .models import FieldDefinition


@transaction.atomic
def definition_save(*, definition: FieldDefinition, actor) -> FieldDefinition:
    """Validate and save a new or changed ``definition``. Its key, record and type are fixed
    once created (the form disables them): the stored values depend on them."""
    definition.full_clean()
    definition.save()
    return definition
