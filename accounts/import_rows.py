"""What the account and contact importers share: rows from the reader's table into a tablib
Dataset, the column checks, one all-or-nothing run of a django-import-export resource, and
its report by line of the file.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from customfields import values as custom_values
from imports.exports import neutralise
from imports.jobs import Progress
from imports.reader import Table

PROGRESS_EVERY = 500  # rows between two progress reports
SHOWN_ERRORS = 500  # errors kept on a job for its page


def no_progress(stage: str, done: int, total: int | None) -> None:
    return None


class ReportsProgress:
    """A resource that tells ``progress(done)`` every ``PROGRESS_EVERY`` rows how far it got."""

    def progress(self, done: int) -> None:
        return None

    def after_import_row(self, row, row_result, **kwargs):
        super().after_import_row(row, row_result, **kwargs)
        self.rows_done = getattr(self, "rows_done", 0) + 1
        if self.rows_done % PROGRESS_EVERY == 0:
            self.progress(self.rows_done)


class CustomValueField(fields.Field):
    """One custom field as a file column (``cf_<key>``), exported as it reads. The resource
    writes the row's custom cells together (``ImportResource.import_instance``), not this field."""

    def __init__(self, definition):
        self.definition = definition
        super().__init__(attribute="custom", column_name=definition.name, widget=widgets.Widget())

    def get_value(self, instance):
        return (instance.custom or {}).get(self.definition.key)

    def save(self, instance, row, is_m2m=False, **kwargs):
        # The base field would put the raw cell in ``custom``; the resource writes it, checked.
        return None

    def export(self, instance, **kwargs):
        return custom_values.display(self.definition, self.get_value(instance))


class ImportResource(ReportsProgress, resources.ModelResource):
    """The resource of an import run for ``user`` (None: the command line, run by an operator)
    on behalf of ``actor`` (the user unless given): all rows are written or none, each cleaned
    by its model as a form would be, unchanged rows reported, and the history names the actor.
    The account and contact resources build on it; their exports are formula-guarded. The
    active custom fields of ``custom_target`` are columns too, after the model's own, and a
    row is checked against all of them, mapped to a column or not.
    """

    custom_target = ""

    class Meta:
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    # A blank text cell is "" as for a CharField: an Excel sheet gives None for an empty
    # cell, which a NOT NULL text column refuses.
    WIDGETS_MAP = {**resources.ModelResource.WIDGETS_MAP, "TextField": widgets.CharWidget}

    @classmethod
    def widget_kwargs_for_field(cls, field_name, django_field):
        kwargs = super().widget_kwargs_for_field(field_name, django_field)
        if isinstance(django_field, models.TextField) and django_field.blank:
            kwargs.update({"coerce_to_string": True, "allow_blank": True})
        return kwargs

    def __init__(self, *, user=None, actor=None):
        super().__init__()
        self.user = user
        self.actor = actor or user
        self.custom_definitions = custom_values.definitions(self.custom_target) if self.custom_target else []
        for definition in self.custom_definitions:
            self.fields[definition.name] = CustomValueField(definition)

    def import_instance(self, instance, row, **kwargs):
        """The model's fields, then the row's custom cells through the rule of every way in
        (``customfields.values.validated``): a row leaving a required field empty, in its
        cell or by having no such column, is refused with the field's label."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if self.custom_definitions:
            cells = {d.key: row[d.name] for d in self.custom_definitions if d.name in row}
            try:
                instance.custom = custom_values.validated(self.custom_definitions, instance.custom, cells)
            except ValidationError as error:
                labels = {d.key: d.label for d in self.custom_definitions}
                errors.update({labels[key]: messages for key, messages in error.message_dict.items()})
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        instance._history_user = self.actor

    def export_field(self, field, instance, **kwargs):
        # Exports of every resource are formula-guarded; the reader restores the cells.
        return neutralise(super().export_field(field, instance, **kwargs))


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line in the file, reason)
    committed: bool = False
    warnings: list[tuple[int, str]] = field(default_factory=list)  # (line, why): imported all the same

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self, *, dry_run: bool) -> dict:
        """What the job page shows (the first ``SHOWN_ERRORS`` errors)."""
        return {
            "dry_run": dry_run,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "committed": self.committed,
            "error_count": len(self.errors),
            "errors": [list(error) for error in self.errors[:SHOWN_ERRORS]],
            "warning_count": len(self.warnings),
            "warnings": [list(warning) for warning in self.warnings[:SHOWN_ERRORS]],
        }


def dataset_from_table(
    table: Table, progress: Progress = no_progress, *, columns: Iterable[str] | None = None
) -> tuple[tablib.Dataset, array]:
    """The rows of ``table`` as a tablib Dataset, and the file's line number of each row, for
    the report. Only ``columns`` are kept (all if None): a column no field is mapped to is
    not imported, and the rows held in memory stay small."""
    headers = [str(header or "").strip() for header in table.headers]
    wanted = set(headers) if columns is None else {column.strip() for column in columns}
    kept = [position for position, header in enumerate(headers) if header in wanted]
    dataset = tablib.Dataset(headers=[headers[position] for position in kept])
    lines = array("L")
    for count, (line, cells) in enumerate(table.rows, start=1):
        dataset.append([cells[position] if position < len(cells) else None for position in kept])
        lines.append(line)
        if count % PROGRESS_EVERY == 0:
            progress("read", count, None)
    return dataset, lines


def apply_mapping(dataset: tablib.Dataset, mapping: dict[str, str]) -> tablib.Dataset:
    """Rename the file's columns to field names: ``mapping`` is {field: column in the file}."""
    by_column = {column.strip(): name for name, column in mapping.items() if column}
    dataset.headers = [by_column.get((header or "").strip(), (header or "").strip()) for header in dataset.headers]
    return dataset


def field_label(model, name: str) -> str:
    try:
        return model._meta.get_field(name).verbose_name
    except Exception:  # a column that is not a model field (a contact's buying roles)
        return name


def guess_mapping(headers: list[str], *, model, field_names, labels=None) -> dict[str, str]:
    """{field: column} for the columns named like a field, its English or translated label."""
    names = {}
    for name in field_names:
        label = (labels or {}).get(name) or field_label(model, name)
        with translation.override("en"):
            english = str(label)
        names.update({name.lower(): name, str(label).lower(): name, english.lower(): name})
    mapping = {}
    for header in headers:
        key = (header or "").strip().lower()
        if key in names and names[key] not in mapping:
            mapping[names[key]] = header.strip()
    return mapping


def check_columns(
    dataset: tablib.Dataset, required, lines: list[int], *, key: tuple[str, ...], duplicate: str
) -> ImportReport:
    """Required columns present, and no two rows with the same ``key`` (they would silently merge)."""
    report = ImportReport()
    missing = [name for name in required if name not in dataset.headers]
    if missing:
        report.errors.append((1, _("Missing columns: %(columns)s") % {"columns": ", ".join(missing)}))
        return report
    keys = [tuple(str(dataset[name][index]).strip() for name in key) for index in range(len(dataset))]
    counts = Counter(keys)
    for line, value in zip(lines, keys, strict=True):
        if counts[value] > 1:
            report.errors.append((line, duplicate % {"key": " / ".join(value)}))
    return report


def run_resource(
    resource: resources.ModelResource,
    dataset: tablib.Dataset,
    lines: list[int],
    *,
    dry_run: bool,
    progress: Progress = no_progress,
) -> ImportReport:
    """Run the import in one transaction, rolled back on any error, and report per file line."""
    report = ImportReport()
    stage = "check" if dry_run else "write"
    resource.progress = lambda done: progress(stage, done, len(dataset))
    result = resource.import_data(
        dataset, dry_run=dry_run, use_transactions=True, rollback_on_validation_errors=True, raise_errors=False
    )

    def _line(number: int) -> int:  # import-export counts the rows from 1
        return lines[number - 1]

    for error in result.base_errors:
        report.errors.append((1, str(error.error)))
    for row in result.error_rows:
        for error in row.errors:
            report.errors.append((_line(row.number), str(error.error)))
    for row in result.invalid_rows:
        for name, messages in row.error_dict.items():
            prefix = "" if name == NON_FIELD_ERRORS else f"{name}: "
            report.errors.extend((_line(row.number), f"{prefix}{message}") for message in messages)
    report.errors.sort(key=lambda error: error[0])
    report.created = result.totals.get("new", 0)
    report.updated = result.totals.get("update", 0)
    report.unchanged = result.totals.get("skip", 0)
    report.committed = not dry_run and report.ok
    return report


@dataclass(frozen=True)
class Importer:
    """What the browser import needs to know about one kind of row (accounts, contacts)."""

    key: str
    title: str  # a lazy translation
    model: type
    field_names: tuple[str, ...]
    required: tuple[str, ...]
    run: Callable[..., ImportReport]
    labels: dict = field(default_factory=dict)
    custom_target: str = ""  # the record whose custom fields are columns too (customfields)

    def custom_labels(self) -> dict[str, str]:
        if not self.custom_target:
            return {}
        return {definition.name: definition.label for definition in custom_values.definitions(self.custom_target)}

    def names(self, custom_labels: dict[str, str] | None = None) -> tuple[str, ...]:
        """The fields a column may fill: the model's, then the custom fields."""
        return (*self.field_names, *(self.custom_labels() if custom_labels is None else custom_labels))

    def label(self, name: str) -> str:
        return self.labels.get(name) or field_label(self.model, name)

    def guess_mapping(self, headers: list[str]) -> dict[str, str]:
        custom = self.custom_labels()
        return guess_mapping(
            headers, model=self.model, field_names=self.names(custom), labels={**self.labels, **custom}
        )

    def run_table(self, *, table: Table, mapping: dict[str, str], user, dry_run: bool, progress: Progress) -> dict:
        """Import the rows of ``table`` (the registry's entry point: ``imports.registry``)."""
        dataset, lines = dataset_from_table(table, progress, columns=mapping.values())
        report = self.run(dataset=dataset, lines=lines, mapping=mapping, user=user, dry_run=dry_run, progress=progress)
        return report.summary(dry_run=dry_run)
