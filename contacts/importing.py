"""Import of contacts (with their buying roles) from CSV or Excel, all rows or none.

A contact is matched by its account's code and its name, so importing the same file again
updates the contacts instead of duplicating them. The ``roles`` column lists buying roles by
code or label, separated by ``;`` ``,`` ``/`` or ``、``; roles no longer listed are ended.
"""

from __future__ import annotations

import re

import tablib
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, widgets

from accounts.import_rows import (
    Importer,
    ImportReport,
    ImportResource,
    apply_mapping,
    check_columns,
    no_progress,
    run_resource,
)
from accounts.importing import ChoiceWidget
from accounts.models import Account
from accounts.visibility import may_edit
from customfields.models import Target
from imports.jobs import Progress

from . import services
from .coverage import coverage_refresh
from .models import BuyingRole, Contact, Influence, Layer, RelationshipStrength, Stance

IMPORT_FIELDS = (
    "account", "name", "english_name", "title", "department", "layer", "roles", "stance", "influence",
    "relationship_strength", "mobile", "phone", "email", "wechat", "birthday", "hobbies", "family",
    "education", "personality",
)  # fmt: skip
REQUIRED_FIELDS = ("account", "name")
ROLE_SEPARATORS = re.compile(r"[;,/、；，]")


class AccountCodeWidget(widgets.ForeignKeyWidget):
    """The account by its code, among those the importing user may edit."""

    def __init__(self, user=None, **kwargs):
        self.user = user
        super().__init__(Account, "code", **kwargs)

    def get_queryset(self, value, row, *args, **kwargs):
        return Account.objects.all() if self.user is None else Account.objects.visible_to(self.user)

    def clean(self, value, row=None, **kwargs):
        try:
            account = super().clean(value, row, **kwargs)
        except Account.DoesNotExist:
            raise ValueError(_("No account with the code “%(value)s” that you may see.") % {"value": value}) from None
        if account is not None and self.user is not None and not may_edit(self.user, account):
            raise ValueError(_("You may not change the contacts of account %(value)s.") % {"value": value})
        return account


def parse_roles(text) -> list[str]:
    widget = ChoiceWidget(BuyingRole)
    return sorted({widget.clean(part) for part in ROLE_SEPARATORS.split(str(text or "")) if part.strip()})


class ContactResource(ImportResource):
    custom_target = Target.CONTACT
    account = fields.Field("account", "account")
    layer = fields.Field("layer", "layer", ChoiceWidget(Layer, Layer.EXECUTION))
    stance = fields.Field("stance", "stance", ChoiceWidget(Stance, Stance.NEUTRAL))
    influence = fields.Field("influence", "influence", ChoiceWidget(Influence, Influence.MEDIUM))
    relationship_strength = fields.Field(
        "relationship_strength", "relationship_strength", ChoiceWidget(RelationshipStrength, RelationshipStrength.NONE)
    )
    roles = fields.Field(attribute=None, column_name="roles")

    class Meta:
        model = Contact
        fields = IMPORT_FIELDS
        import_id_fields = ("account", "name")

    def __init__(self, *, user=None, actor=None):
        super().__init__(user=user, actor=actor)
        self.fields["account"].widget = AccountCodeWidget(user=user)

    def get_queryset(self):
        contacts = Contact.objects.all()
        return contacts if self.user is None else contacts.visible_to(self.user)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if "roles" in row and original.pk is not None:
            held = sorted(original.roles.active().values_list("role", flat=True))
            if parse_roles(row["roles"]) != held:
                return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def dehydrate_roles(self, contact) -> str:
        # The export's list of buying roles, as ``parse_roles`` reads it back (prefetched by
        # ``selectors.contact_export``).
        return "; ".join(sorted(role.role for role in contact.active_roles))

    def after_save_instance(self, instance, row, **kwargs):
        if "roles" in row:
            services.contact_set_roles(contact=instance, actor=self.actor, roles=parse_roles(row["roles"]))
        else:  # the contact alone changed: its account's stored coverage follows
            coverage_refresh(account_ids=[instance.account_id])


def import_contacts(
    *,
    dataset: tablib.Dataset,
    mapping: dict[str, str],
    user=None,
    actor=None,
    dry_run: bool,
    lines: list[int] | None = None,
    progress: Progress = no_progress,
) -> ImportReport:
    """Check, and unless ``dry_run`` write, every contact row: all rows or none (``lines`` as
    for ``accounts.importing.import_accounts``)."""
    dataset = apply_mapping(dataset, mapping)
    lines = list(lines) if lines is not None else list(range(2, len(dataset) + 2))
    report = check_columns(
        dataset,
        REQUIRED_FIELDS,
        lines,
        key=("account", "name"),
        duplicate=_("Contact %(key)s appears more than once."),
    )
    if report.errors:
        return report
    return run_resource(ContactResource(user=user, actor=actor), dataset, lines, dry_run=dry_run, progress=progress)


CONTACTS = Importer(
    key="contacts",
    title=gettext_lazy("Import contacts"),
    model=Contact,
    field_names=IMPORT_FIELDS,
    required=REQUIRED_FIELDS,
    run=import_contacts,
    labels={"roles": gettext_lazy("Buying roles"), "account": gettext_lazy("Account code")},
    custom_target=Target.CONTACT,
)
