"""What a custom field accepts and how its value is stored, shown and filtered: one form
field per type, used by the record's form, the list filter, the import and the API alike,
so every way in validates the same (``users.bounds``).

Values are stored in JSON as text that compares exactly: a number as its normalised decimal
(``"1250.5"``, never a float), a date as ISO 8601, a choice as the choice itself, yes/no as
``true``/``false``; an empty value is no key at all.
"""

from __future__ import annotations

import datetime
import functools
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from users import bounds

from .models import FieldDefinition, FieldType, Target

TEXT_MAX_LENGTH = 500
NUMBER_LIMIT = Decimal("100000000000000")  # 10^14, what a money column holds
NUMBER_DECIMALS = 4
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
YES_NO = {"true": gettext_lazy("Yes"), "false": gettext_lazy("No")}


def definitions(target: Target | str) -> list[FieldDefinition]:
    """The active fields of ``target`` in their order (one query)."""
    return list(FieldDefinition.objects.filter(target=target, active=True).order_by("order", "key"))


def form_field(definition: FieldDefinition, *, for_filter: bool = False) -> forms.Field:
    """The bounded form field for ``definition``; a filter's is never required."""
    required = definition.required and not for_filter
    common = {"label": definition.label, "required": required}
    if definition.type == FieldType.NUMBER:
        return forms.DecimalField(
            **common,
            max_digits=14 + NUMBER_DECIMALS,
            decimal_places=NUMBER_DECIMALS,
            validators=bounds.within(NUMBER_LIMIT),
        )
    if definition.type == FieldType.DATE:
        return bounds.DateField(**common, widget=DATE_WIDGET)
    if definition.type == FieldType.CHOICE:
        return forms.ChoiceField(**common, choices=[("", "—"), *((choice, choice) for choice in definition.choices)])
    if definition.type == FieldType.YES_NO:
        return forms.TypedChoiceField(
            **common, choices=[("", "—"), *YES_NO.items()], coerce=lambda text: text == "true", empty_value=None
        )
    return forms.CharField(**common, max_length=TEXT_MAX_LENGTH)


def to_json(definition: FieldDefinition, value):
    """A cleaned form value as stored; None for empty."""
    if value in (None, ""):
        return None
    if definition.type == FieldType.NUMBER:
        return format(Decimal(value).normalize(), "f")
    if definition.type == FieldType.DATE:
        return value.isoformat()
    return value


def from_json(definition: FieldDefinition, stored):
    """The stored value as a form's initial value."""
    if stored is None:
        return None
    if definition.type == FieldType.YES_NO:
        return "true" if stored is True else "false" if stored is False else None
    try:
        if definition.type == FieldType.NUMBER:
            return Decimal(stored)
        if definition.type == FieldType.DATE:
            return datetime.date.fromisoformat(stored)
    except (ArithmeticError, TypeError, ValueError):
        return None  # a value written before the field's type changed: shown empty
    return stored


def display(definition: FieldDefinition, stored) -> str:
    """The stored value as a person reads it ("" when empty)."""
    if stored is None or stored == "":
        return ""
    if definition.type == FieldType.YES_NO:
        return str(YES_NO["true"]) if stored is True else str(YES_NO["false"]) if stored is False else str(stored)
    return str(stored)


def parse(definition: FieldDefinition, raw):
    """A value from outside (an import cell, an API value) cleaned by the field's form field
    and returned as stored; ValidationError when it does not fit."""
    if isinstance(raw, list | dict):  # a JSON array or object would be stored as its repr
        raise ValidationError(_("Enter a single value."), code="invalid")
    field = form_field(definition)
    if definition.type == FieldType.YES_NO and raw not in (None, ""):
        raw = _yes_no(raw)
    if definition.type == FieldType.NUMBER and isinstance(raw, float):
        raw = str(raw)
    return to_json(definition, field.clean(raw))


def _yes_no(raw) -> str:
    """A yes or no as a person or a spreadsheet writes it, in either language."""
    text = str(raw).strip().lower()
    if text in {"true", "1", "yes", "y", "是"}:
        return "true"
    if text in {"false", "0", "no", "n", "否"}:
        return "false"
    raise ValidationError(_("Enter yes or no."), code="invalid")


def validated(definitions_: list[FieldDefinition], stored: dict | None, raw: dict) -> dict:
    """The ``custom`` column of a record once ``raw`` ({key: value from outside; None or ""
    empties it}) is written over ``stored``: the one rule of the import and the API, built on
    the form fields the record's form shows (``form_field``), so every way in refuses alike.

    Each value fits its field (type, bounds, choices: ``parse``), an unknown key is refused,
    and afterwards every required field of ``definitions_`` holds a value, written now or
    before: no record is created or changed without one. ValidationError({key: messages})
    names each field that does not fit."""
    by_key = {definition.key: definition for definition in definitions_}
    errors, cleaned = {}, {}
    for key, value in raw.items():
        if key not in by_key:
            errors[key] = [_("No custom field has this key.")]
            continue
        try:
            cleaned[key] = parse(by_key[key], value)
        except ValidationError as error:
            errors[key] = error.messages
    values = merged(stored, definitions_, cleaned)
    for definition in definitions_:
        if definition.required and definition.key not in errors and values.get(definition.key) is None:
            errors[definition.key] = [_("This field is required.")]
    if errors:
        raise ValidationError(errors)
    return values


def merged(stored: dict | None, definitions_: list[FieldDefinition], cleaned: dict) -> dict:
    """``stored`` with the defined fields set to ``cleaned`` ({key: stored value or None});
    keys of inactive or deleted fields are kept as they were."""
    values = dict(stored or {})
    for definition in definitions_:
        if definition.key not in cleaned:
            continue
        value = cleaned[definition.key]
        if value is None:
            values.pop(definition.key, None)
        else:
            values[definition.key] = value
    return values


def lookup(definition: FieldDefinition, value, *, prefix: str = "") -> Q:
    """The rows whose field holds ``value`` (a cleaned filter value). Text matches a part,
    case-insensitively; the other types the value itself. On PostgreSQL an exact match is
    a JSON containment (``@>``), which the column's GIN index serves."""
    stored = to_json(definition, value)
    if definition.type == FieldType.TEXT:
        return Q(**{f"{prefix}custom__{definition.key}__icontains": stored})
    if connection.vendor == "postgresql":
        return Q(**{f"{prefix}custom__contains": {definition.key: stored}})
    return Q(**{f"{prefix}custom__{definition.key}": stored})


def shown(target: Target | str, stored: dict | None) -> list[tuple[str, str]]:
    """(label, value as read) of each active field of ``target``, for a record's page."""
    stored = stored or {}
    return [(definition.label, display(definition, stored.get(definition.key))) for definition in definitions(target)]


def changed(by_key: dict[str, FieldDefinition], old: dict | None, new: dict | None) -> list[tuple[str, str, str]]:
    """(label, old, new) of each custom value that differs between two versions of a record,
    for its history; ``by_key`` holds every definition of the record (retired ones too)."""
    old, new = old or {}, new or {}
    rows = []
    for key in sorted(set(old) | set(new)):
        if old.get(key) == new.get(key):
            continue
        definition = by_key.get(key) or FieldDefinition(key=key, label=key, type=FieldType.TEXT)
        rows.append(
            (definition.label, display(definition, old.get(key)) or "—", display(definition, new.get(key)) or "—")
        )
    return rows


def all_by_key(target: Target | str) -> dict[str, FieldDefinition]:
    """Every definition of ``target``, active or not, by key (one query)."""
    return {definition.key: definition for definition in FieldDefinition.objects.filter(target=target)}


def custom_columns(target: Target | str) -> dict:
    """``{"cf_<key>": value of a row as read}`` for each active field of ``target``: the
    custom columns of an export built with ``imports.exports.columns_dataset``."""
    return {definition.name: functools.partial(_cell, definition) for definition in definitions(target)}


def _cell(definition: FieldDefinition, row) -> str:
    return display(definition, (row.custom or {}).get(definition.key))
