"""Import and export of accounts through django-import-export (tablib does the parsing).

``import_accounts`` is the one way in, for the browser and for ``manage.py import_accounts``:
columns are mapped to fields, every row is checked, and either every row is written or none
(one transaction, rolled back on any row error or validation error). Rows are matched by
account code, so importing the same file again updates rather than duplicates, and rows that
change nothing are skipped (no new history).

The export writes the list as the user filtered it; any cell that a spreadsheet would run as
a formula is neutralised with a leading apostrophe (OWASP "CSV injection").
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import tablib
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets
from import_export.instance_loaders import CachedInstanceLoader
from import_export.results import RowResult

from users.models import Role, User
from users.selectors import assignable_owners

from . import changes
from .models import Account, Industry, Lifecycle, OrganisationForm, ProspectDecision
from .visibility import CHANGE, may_reassign

# The columns an import may fill: the basic-info layer, which a file from another system has.
IMPORT_FIELDS = (
    "code", "name", "short_name", "industry", "region", "address", "phone", "fax", "email", "website",
    "legal_representative", "founded_on", "first_trade_on", "organisation_form", "registered_capital",
    "total_assets", "employees", "lifecycle", "prospect_decision", "owner",
)  # fmt: skip
REQUIRED_FIELDS = ("code", "name", "owner")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A cell a spreadsheet would evaluate (=, +, -, @, tab, CR first) gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class ChoiceWidget(widgets.Widget):
    """A choice given by its code or its label in any of the site's languages."""

    def __init__(self, choices, empty: str = "", **kwargs):
        self.choices = choices
        self.empty = empty  # what an empty cell means
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return self.empty
        lookup = {}
        for code, label in self.choices.choices:
            lookup[str(code).lower()] = code
            for language, _name in settings.LANGUAGES:
                with translation.override(language):
                    lookup[str(label).lower()] = code
        try:
            return lookup[text.lower()]
        except KeyError:
            raise ValueError(_("“%(value)s” is not one of the choices.") % {"value": text}) from None

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices.choices).get(value, value or ""))


class OwnerWidget(widgets.ForeignKeyWidget):
    """The owner by username, among the people the importing user may make owner."""

    def __init__(self, user=None, **kwargs):
        self.user = user
        self.known: dict[str, User] = {}  # a file names the same few owners on every row
        super().__init__(User, "username", **kwargs)

    def get_queryset(self, value, row, *args, **kwargs):
        if self.user is None:
            return User.objects.filter(is_active=True, role__in=[Role.REP, Role.MANAGER])
        return assignable_owners(self.user)

    def clean(self, value, row=None, **kwargs):
        key = str(value or "").strip()
        if key in self.known:
            return self.known[key]
        try:
            owner = super().clean(key, row, **kwargs)
        except User.DoesNotExist:
            raise ValueError(
                _("No owner with the username “%(value)s” that you may assign.") % {"value": value}
            ) from None
        self.known[key] = owner
        return owner


class AccountResource(resources.ModelResource):
    industry = fields.Field("industry", "industry", ChoiceWidget(Industry, Industry.OTHER))
    organisation_form = fields.Field("organisation_form", "organisation_form", ChoiceWidget(OrganisationForm))
    lifecycle = fields.Field("lifecycle", "lifecycle", ChoiceWidget(Lifecycle, Lifecycle.ACTIVE))
    prospect_decision = fields.Field("prospect_decision", "prospect_decision", ChoiceWidget(ProspectDecision))
    owner = fields.Field("owner", "owner")

    class Meta:
        model = Account
        fields = IMPORT_FIELDS
        import_id_fields = ("code",)
        # One query for the accounts the file names, not one per row (codes are unique in
        # the file: import_accounts refuses duplicates first).
        instance_loader_class = CachedInstanceLoader
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def __init__(self, *, user=None, actor=None):
        super().__init__()
        self.user = user
        self.actor = actor or user
        self.fields["owner"].widget = OwnerWidget(user=user)
        self.previous_owners: dict[int, int] = {}  # accounts updated: id → owner before the file
        self.moves: dict[int, int] = {}  # accounts given another owner: id → previous owner

    def get_queryset(self):
        # Re-import may update only accounts the importing user may change; another account's
        # code then fails as a duplicate instead of changing what they cannot.
        accounts = Account.objects.all()
        return accounts if self.user is None else accounts.restrict(self.user, CHANGE)

    def after_init_instance(self, instance, new, row, **kwargs):
        if not new:
            self.previous_owners[instance.pk] = instance.owner_id

    def before_save_instance(self, instance, row, **kwargs):
        previous = self.previous_owners.get(instance.pk)
        if previous is not None and instance.owner_id != previous:
            # Another owner is the same decision as in the account form (accounts.visibility).
            if self.user is not None and not may_reassign(self.user, instance):
                raise ValueError(_("You may not give account %(code)s another owner.") % {"code": instance.code})
            self.moves[instance.pk] = previous
        instance._history_user = self.actor
        instance.basic_updated_at = timezone.now()

    def after_import(self, dataset, result, **kwargs):
        # Inside the import's transaction, once every row is written.
        if kwargs.get("dry_run") or result.has_errors():
            return
        created = [row.object_id for row in result.rows if row.import_type == RowResult.IMPORT_TYPE_NEW]
        changes.accounts_created(account_ids=created)
        if self.moves:
            changes.owners_changed(moves=self.moves)

    def export_field(self, field, instance, **kwargs):
        return neutralise(super().export_field(field, instance, **kwargs))


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line in the file, reason)
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def read_dataset(content: bytes, filename: str) -> tablib.Dataset:
    """A tablib Dataset from a CSV (UTF-8, with or without BOM) or an Excel (.xlsx) file."""
    if filename.lower().endswith((".xlsx", ".xlsm")):
        dataset = tablib.Dataset().load(io.BytesIO(content), format="xlsx")
    else:
        dataset = tablib.Dataset().load(content.decode("utf-8-sig"), format="csv")
    if not dataset.headers:
        raise ValueError(_("The file is empty: it has no header row."))
    return dataset


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


def guess_mapping(headers: list[str], *, model=Account, field_names=IMPORT_FIELDS, labels=None) -> dict[str, str]:
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


def _line(number: int) -> int:
    # Row 1 of the data is line 2 of the file: the first line holds the headers.
    return number + 1


def import_accounts(
    *, dataset: tablib.Dataset, mapping: dict[str, str], user=None, actor=None, dry_run: bool
) -> ImportReport:
    """Check, and unless ``dry_run`` write, every row of ``dataset``: all rows or none.

    ``user`` limits the import to what that person may do (the accounts they see, the owners
    they may assign); None is the command line, run by an operator.
    """
    dataset = apply_mapping(dataset, mapping)
    report = check_columns(
        dataset, REQUIRED_FIELDS, key=("code",), duplicate=_("Account code %(key)s appears more than once.")
    )
    if report.errors:
        return report
    return run_resource(AccountResource(user=user, actor=actor), dataset, dry_run=dry_run)


def check_columns(dataset: tablib.Dataset, required, *, key: tuple[str, ...], duplicate: str) -> ImportReport:
    """Required columns present, and no two rows with the same ``key`` (they would silently merge)."""
    report = ImportReport()
    missing = [name for name in required if name not in dataset.headers]
    if missing:
        report.errors.append((1, _("Missing columns: %(columns)s") % {"columns": ", ".join(missing)}))
        return report
    keys = [tuple(str(dataset[name][index]).strip() for name in key) for index in range(len(dataset))]
    counts = Counter(keys)
    for number, value in enumerate(keys, 1):
        if counts[value] > 1:
            report.errors.append((_line(number), duplicate % {"key": " / ".join(value)}))
    return report


def run_resource(resource: resources.ModelResource, dataset: tablib.Dataset, *, dry_run: bool) -> ImportReport:
    """Run the import in one transaction, rolled back on any error, and report per file line."""
    report = ImportReport()
    result = resource.import_data(
        dataset, dry_run=dry_run, use_transactions=True, rollback_on_validation_errors=True, raise_errors=False
    )
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

    def label(self, name: str) -> str:
        return self.labels.get(name) or field_label(self.model, name)

    def guess_mapping(self, headers: list[str]) -> dict[str, str]:
        return guess_mapping(headers, model=self.model, field_names=self.field_names, labels=self.labels)


ACCOUNTS = Importer(
    key="accounts",
    title=gettext_lazy("Import accounts"),
    model=Account,
    field_names=IMPORT_FIELDS,
    required=REQUIRED_FIELDS,
    run=import_accounts,
)


def export_accounts(queryset, *, file_format: str) -> tuple[bytes, str]:
    """The accounts of ``queryset`` as CSV or XLSX bytes, and the content type."""
    dataset = AccountResource().export(queryset=queryset)
    if file_format == "xlsx":
        return (
            dataset.export("xlsx"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    return dataset.export("csv").encode("utf-8-sig"), "text/csv; charset=utf-8"
