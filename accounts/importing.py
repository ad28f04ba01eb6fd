"""Import and export of accounts through django-import-export; files are read by ``imports.reader``.

``import_accounts`` is the one way in, for the browser and for ``manage.py import_accounts``:
columns are mapped to fields, every row is checked, and either every row is written or none
(one transaction, rolled back on any row error or validation error). Rows are matched by
account code, so importing the same file again updates rather than duplicates, and rows that
change nothing are skipped (no new history).

The export writes the list as the user filtered it, each cell neutralised by
``imports.exports`` (OWASP "CSV injection"); the reader undoes that, so it round-trips.
"""

from __future__ import annotations

import tablib
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, widgets
from import_export.instance_loaders import CachedInstanceLoader
from import_export.results import RowResult

from customfields.models import Target
from imports.exports import render
from imports.jobs import Progress
from users.models import Region, Role, User
from users.selectors import assignable_owners

from . import changes
from .credit_code import normalise_credit_code
from .duplicates import Candidate, import_warnings, match_keys
from .import_rows import (
    Importer,
    ImportReport,
    ImportResource,
    apply_mapping,
    check_columns,
    no_progress,
    run_resource,
)
from .models import Account, Industry, Lifecycle, OrganisationForm, ProspectDecision
from .visibility import CHANGE, may_reassign

# The columns an import may fill: the basic-info layer, which a file from another system has.
IMPORT_FIELDS = (
    "code", "name", "short_name", "industry", "region", "address", "phone", "fax", "email", "website",
    "legal_representative", "founded_on", "first_trade_on", "organisation_form", "registered_capital",
    "total_assets", "employees", "lifecycle", "prospect_decision", "owner", "credit_code",
)  # fmt: skip
DUPLICATE_COLUMNS = ("name", "phone", "email", "credit_code")
REQUIRED_FIELDS = ("code", "name", "owner")
LOOKUP_CHUNK = 1000  # codes per IN (…) lookup


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


class RegionWidget(widgets.Widget):
    """A region or area by its code or its name (codes first: a name may be shared by two
    areas of different regions, which then need their code). Exported as its code."""

    def __init__(self, **kwargs):
        self.lookup: dict[str, Region] | None = None  # every region, read once per file
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return None
        if self.lookup is None:
            regions = list(Region.objects.order_by("-code"))
            self.lookup = {region.name.lower(): region for region in regions}
            self.lookup |= {region.code.lower(): region for region in regions}
        try:
            return self.lookup[text.lower()]
        except KeyError:
            raise ValueError(_("No region with the code or name “%(value)s”.") % {"value": text}) from None

    def render(self, value, obj=None, **kwargs):
        return value.code if value is not None else ""


class AccountResource(ImportResource):
    custom_target = Target.ACCOUNT
    industry = fields.Field("industry", "industry", ChoiceWidget(Industry, Industry.OTHER))
    organisation_form = fields.Field("organisation_form", "organisation_form", ChoiceWidget(OrganisationForm))
    lifecycle = fields.Field("lifecycle", "lifecycle", ChoiceWidget(Lifecycle, Lifecycle.ACTIVE))
    prospect_decision = fields.Field("prospect_decision", "prospect_decision", ChoiceWidget(ProspectDecision))
    owner = fields.Field("owner", "owner")
    region = fields.Field("region", "region", RegionWidget())

    class Meta:
        model = Account
        fields = IMPORT_FIELDS
        import_id_fields = ("code",)
        # One query for the accounts the file names, not one per row (codes are unique in
        # the file: import_accounts refuses duplicates first).
        instance_loader_class = CachedInstanceLoader

    def __init__(self, *, user=None, actor=None):
        super().__init__(user=user, actor=actor)
        self.fields["owner"].widget = OwnerWidget(user=user)
        self.previous_owners: dict[int, int] = {}  # accounts updated: id → owner before the file
        self.moves: dict[int, int] = {}  # accounts given another owner: id → previous owner
        self.previous_regions: dict[int, int | None] = {}  # accounts updated: id → region before the file
        self.regions_moved: set[int] = set()  # accounts put in another region

    def get_queryset(self):
        # Re-import may update only accounts the importing user may change; another account's
        # code then fails as a duplicate instead of changing what they cannot.
        accounts = Account.objects.all()
        return accounts if self.user is None else accounts.restrict(self.user, CHANGE)

    def after_init_instance(self, instance, new, row, **kwargs):
        if not new:
            self.previous_owners[instance.pk] = instance.owner_id
            self.previous_regions[instance.pk] = instance.region_id

    def before_save_instance(self, instance, row, **kwargs):
        previous = self.previous_owners.get(instance.pk)
        if previous is not None and instance.owner_id != previous:
            # Another owner is the same decision as in the account form (accounts.visibility).
            if self.user is not None and not may_reassign(self.user, instance):
                raise ValueError(_("You may not give account %(code)s another owner.") % {"code": instance.code})
            self.moves[instance.pk] = previous
        if instance.pk in self.previous_regions and instance.region_id != self.previous_regions[instance.pk]:
            self.regions_moved.add(instance.pk)
        super().before_save_instance(instance, row, **kwargs)
        instance.basic_updated_at = timezone.now()
        instance.credit_code = normalise_credit_code(instance.credit_code)
        for field, value in match_keys(name=instance.name, phone=instance.phone).items():
            setattr(instance, field, value)

    def after_import(self, dataset, result, **kwargs):
        # Inside the import's transaction, once every row is written.
        if kwargs.get("dry_run") or result.has_errors():
            return
        created = [row.object_id for row in result.rows if row.import_type == RowResult.IMPORT_TYPE_NEW]
        changes.accounts_created(account_ids=created)
        if self.moves:
            changes.owners_changed(moves=self.moves, actor=self.actor)
        changes.regions_changed(account_ids=sorted(self.regions_moved))


def import_accounts(
    *,
    dataset: tablib.Dataset,
    mapping: dict[str, str],
    user=None,
    actor=None,
    dry_run: bool,
    lines: list[int] | None = None,
    progress: Progress = no_progress,
) -> ImportReport:
    """Check, and unless ``dry_run`` write, every row of ``dataset``: all rows or none.

    ``user`` limits the import to what that person may do (the accounts they see, the owners
    they may assign); None is the command line, run by an operator. A code taken by an
    account ``user`` cannot see is refused without saying that it exists. ``lines`` are the
    rows' line numbers in the file (by default, the header line and then one line per row).
    """
    dataset = apply_mapping(dataset, mapping)
    lines = list(lines) if lines is not None else list(range(2, len(dataset) + 2))
    report = check_columns(
        dataset, REQUIRED_FIELDS, lines, key=("code",), duplicate=_("Account code %(key)s appears more than once.")
    )
    if report.errors:
        return report
    refused = _drop_hidden_codes(dataset, lines, user=user)
    resource = AccountResource(user=user, actor=actor)
    report = run_resource(resource, dataset, lines, dry_run=dry_run or bool(refused), progress=progress)
    report.errors = sorted(refused + report.errors, key=lambda error: error[0])
    report.committed = report.committed and not refused
    report.warnings = _duplicate_warnings(dataset, lines, user=user)
    return report


def _duplicate_warnings(dataset: tablib.Dataset, lines: list[int], *, user) -> list[tuple[int, str]]:
    """Rows that look like an account already there or another row (accounts.duplicates)."""
    columns = {name: dataset[name] if name in dataset.headers else [""] * len(dataset) for name in DUPLICATE_COLUMNS}
    rows = [
        (
            lines[index],
            str(dataset["code"][index] or "").strip(),
            Candidate(
                name=str(columns["name"][index] or ""),
                phone=str(columns["phone"][index] or ""),
                email=str(columns["email"][index] or ""),
                credit_code=normalise_credit_code(columns["credit_code"][index] or ""),
            ),
        )
        for index in range(len(dataset))
    ]
    return import_warnings(rows, user=user)


def _drop_hidden_codes(dataset: tablib.Dataset, lines: list[int], *, user) -> list[tuple[int, str]]:
    """Take out the rows whose code belongs to an account ``user`` cannot see, as errors
    that read the same as for any code the user may not take (no existence oracle)."""
    if user is None:
        return []
    codes = sorted({str(code).strip() for code in dataset["code"]})
    taken, visible = set(), set()
    for start in range(0, len(codes), LOOKUP_CHUNK):
        chunk = codes[start : start + LOOKUP_CHUNK]
        taken.update(Account.objects.filter(code__in=chunk).values_list("code", flat=True))
        visible.update(Account.objects.visible_to(user).filter(code__in=chunk).values_list("code", flat=True))
    hidden = taken - visible
    refused = []
    for index in reversed(range(len(dataset))):
        code = str(dataset["code"][index]).strip()
        if code in hidden:
            refused.append((lines[index], _("The account code “%(code)s” cannot be used.") % {"code": code}))
            del dataset[index]
            del lines[index]
    return refused


ACCOUNTS = Importer(
    key="accounts",
    title=gettext_lazy("Import accounts"),
    model=Account,
    field_names=IMPORT_FIELDS,
    required=REQUIRED_FIELDS,
    run=import_accounts,
    custom_target=Target.ACCOUNT,
)


def export_accounts(queryset, *, file_format: str) -> tuple[bytes, str]:
    """The accounts of ``queryset`` as CSV or XLSX bytes, and the content type."""
    return render(AccountResource().export(queryset=queryset.select_related("region")), file_format)
