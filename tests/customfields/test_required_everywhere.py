"""A custom field's rule holds on every way in: the form, the import and the API refuse the
same values with the same words (customfields.values.validated), and a required field left
out, not merely left blank, is refused by the import (a row error, with the field's label)
and the API (400 naming the key)."""

from __future__ import annotations

import pytest
import tablib
from django.urls import reverse

from accounts.importing import import_accounts
from contacts.importing import import_contacts
from customfields.models import FieldType, Target
from tests.api.conftest import make_token
from tests.factories import AccountFactory, FieldDefinitionFactory, OpportunityFactory

REQUIRED = "This field is required."
BASE = {"code": "K1", "name": "Alpha", "owner": "rep"}
ACCOUNT_MAPPING = {name: name for name in BASE}

# (column, a value the field refuses): beyond each type's bounds, as a person or a script writes it.
REFUSED = [
    ("cf_fleet", "lots"),
    ("cf_fleet", "1e20"),
    ("cf_audit_on", "2026-02-31"),
    ("cf_audit_on", "1800-01-01"),
    ("cf_region_code", "North"),
    ("cf_framework", "maybe"),
    ("cf_erp_ref", "x" * 501),
]


def api(client, user, method: str, url: str, body: dict):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {make_token(user)}"}
    return getattr(client, method)(url, body, content_type="application/json", **headers)


def import_rows(user, headers: list[str], *rows, dry_run: bool = False):
    dataset = tablib.Dataset(headers=headers)
    for row in rows:
        dataset.append(row)
    mapping = {name: name for name in headers}
    return import_accounts(dataset=dataset, mapping=mapping, user=user, dry_run=dry_run)


# -- the import ---------------------------------------------------------------------------


@pytest.mark.parametrize("dry_run", [True, False])
def test_an_import_without_the_required_column_names_the_field_on_each_new_row(rep, account_fields, dry_run):
    report = import_rows(rep, ["code", "name", "owner"], ["K1", "Alpha", "rep"], ["K2", "Beta", "rep"], dry_run=dry_run)
    assert report.errors == [(2, f"Fleet size: {REQUIRED}"), (3, f"Fleet size: {REQUIRED}")]
    assert not rep.owned_accounts.filter(code__in=["K1", "K2"]).exists()


def test_a_blank_required_cell_is_an_error_of_its_row_only_and_nothing_is_written(rep, account_fields):
    report = import_rows(
        rep, ["code", "name", "owner", "cf_fleet"], ["K1", "Alpha", "rep", "3"], ["K2", "Beta", "rep", ""]
    )
    assert report.errors == [(3, f"Fleet size: {REQUIRED}")]
    assert not report.committed and not rep.owned_accounts.filter(code="K1").exists()  # all or nothing


def test_an_update_without_the_column_keeps_a_filled_value_and_refuses_a_missing_one(rep, account_fields):
    AccountFactory(owner=rep, code="K1", name="Alpha", custom={"fleet": "3"})
    AccountFactory(owner=rep, code="K2", name="Beta", custom={})
    report = import_rows(rep, ["code", "name", "owner"], ["K1", "Alpha 2", "rep"], ["K2", "Beta 2", "rep"])
    assert report.errors == [(3, f"Fleet size: {REQUIRED}")]

    report = import_rows(rep, ["code", "name", "owner"], ["K1", "Alpha 2", "rep"])
    assert report.ok and report.updated == 1
    assert rep.owned_accounts.get(code="K1").custom == {"fleet": "3"}


@pytest.mark.parametrize(("column", "value"), REFUSED)
def test_the_import_refuses_a_value_outside_its_fields_type_or_bounds(rep, account_fields, column, value):
    report = import_rows(rep, ["code", "name", "owner", "cf_fleet", column], ["K1", "Alpha", "rep", "3", value])
    label = account_fields_label(account_fields, column)
    assert report.errors and all(line == 2 and reason.startswith(f"{label}: ") for line, reason in report.errors)
    assert not rep.owned_accounts.filter(code="K1").exists()


def test_a_contact_import_without_a_required_field_is_refused(rep, account):
    FieldDefinitionFactory(target=Target.CONTACT, key="badge", label="Badge colour", required=True)
    dataset = tablib.Dataset(headers=["account", "name"])
    dataset.append([account.code, "Li Lei"])
    report = import_contacts(dataset=dataset, mapping={"account": "account", "name": "name"}, user=rep, dry_run=False)
    assert report.errors == [(2, f"Badge colour: {REQUIRED}")]
    assert not account.contacts.filter(name="Li Lei").exists()


def account_fields_label(account_fields, column: str) -> str:
    return next(definition.label for definition in account_fields.values() if definition.name == column)


# -- the API ------------------------------------------------------------------------------


def test_the_api_refuses_to_create_an_account_without_a_required_field(client, rep, account_fields):
    url = reverse("api:account-list")
    body = {"code": "API-1", "name": "Eastwind", "owner": rep.pk}
    refused = api(client, rep, "post", url, body)
    assert refused.status_code == 400
    assert refused.json() == {"custom": {"fleet": [REQUIRED]}}
    created = api(client, rep, "post", url, {**body, "custom": {"fleet": "12"}})
    assert created.status_code == 201, created.content
    assert created.json()["custom"] == {"fleet": "12"}


def test_a_patch_may_not_leave_or_make_a_required_field_empty(client, rep, account_fields):
    lacking = AccountFactory(owner=rep, name="Old", custom={})
    url = reverse("api:account-detail", args=[lacking.pk])
    refused = api(client, rep, "patch", url, {"name": "Renamed"})
    assert refused.status_code == 400 and refused.json() == {"custom": {"fleet": [REQUIRED]}}
    assert api(client, rep, "patch", url, {"name": "Renamed", "custom": {"fleet": "5"}}).status_code == 200

    emptied = api(client, rep, "patch", url, {"custom": {"fleet": None}})
    assert emptied.status_code == 400 and emptied.json() == {"custom": {"fleet": [REQUIRED]}}
    lacking.refresh_from_db()
    assert lacking.name == "Renamed" and lacking.custom == {"fleet": "5"}


@pytest.mark.parametrize(("column", "value"), [*REFUSED, ("cf_erp_ref", ["a", "list"]), ("cf_fleet", {"n": 1})])
def test_the_api_refuses_a_value_outside_its_fields_type_or_bounds(client, rep, account, account_fields, column, value):
    key = column.removeprefix("cf_")
    url = reverse("api:account-detail", args=[account.pk])
    refused = api(client, rep, "patch", url, {"custom": {"fleet": "3", key: value}})
    assert refused.status_code == 400 and list(refused.json()["custom"]) == [key]


def test_the_api_refuses_a_contact_and_an_opportunity_without_their_required_fields(client, rep, account):
    FieldDefinitionFactory(target=Target.CONTACT, key="badge", label="Badge colour", required=True)
    FieldDefinitionFactory(target=Target.OPPORTUNITY, key="tender", type=FieldType.YES_NO, required=True)
    contact = api(client, rep, "post", reverse("api:contact-list"), {"account": account.pk, "name": "Li Lei"})
    assert contact.status_code == 400 and contact.json() == {"custom": {"badge": [REQUIRED]}}
    stage = OpportunityFactory(account=account, owner=rep).stage
    body = {"account": account.pk, "name": "Retrofit", "owner": rep.pk, "stage": stage.pk, "amount": "800.00"}
    opportunity = api(client, rep, "post", reverse("api:opportunity-list"), body)
    assert opportunity.status_code == 400 and opportunity.json() == {"custom": {"tender": [REQUIRED]}}
    opportunity = api(client, rep, "post", reverse("api:opportunity-list"), {**body, "custom": {"tender": "no"}})
    assert opportunity.status_code == 201 and opportunity.json()["custom"] == {"tender": False}


# -- one rule -----------------------------------------------------------------------------


# A yes/no from outside is read more freely than the form's select ("yes", "是", "1"), so its
# refusal has its own words there.
@pytest.mark.parametrize(
    ("column", "value"), [*(case for case in REFUSED if case[0] != "cf_framework"), ("cf_fleet", "")]
)
def test_the_form_the_import_and_the_api_refuse_alike(client, rep, account, account_fields, column, value):
    client.force_login(rep)
    data = {"code": account.code, "name": account.name, "industry": account.industry, "lifecycle": "active"}
    data |= {"owner": rep.pk, "cf_fleet": "3", column: value}
    form = client.post(reverse("accounts:edit", args=[account.pk]), data).context["form"]
    report = import_rows(rep, ["code", "name", "owner", "cf_fleet", column], ["K1", "Alpha", "rep", "3", value])
    key = column.removeprefix("cf_")
    response = api(client, rep, "patch", reverse("api:account-detail", args=[account.pk]), {"custom": {key: value}})
    label = account_fields_label(account_fields, column)
    assert [f"{label}: {message}" for message in form.errors[column]] == [reason for _line, reason in report.errors]
    assert form.errors[column] == response.json()["custom"][key]
