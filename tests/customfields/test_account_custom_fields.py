"""Custom fields on accounts: filled through the form and the import, shown, filtered,
exported, sent by the API and kept in the history."""

from __future__ import annotations

import csv
import io

import pytest
import tablib
from django.urls import reverse

from accounts.history import account_history
from accounts.importing import import_accounts
from customfields.models import FieldDefinition
from tests.api.conftest import make_token
from tests.factories import AccountFactory, FieldDefinitionFactory

FILLED = {"cf_erp_ref": "ERP-7", "cf_fleet": "12.50", "cf_audit_on": "2026-03-01", "cf_region_code": "West"}


def make_headers(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {make_token(user)}"}


def edit(client, account, rep, **custom):
    data = {"code": account.code, "name": account.name, "industry": account.industry, "lifecycle": "active"}
    data |= {"owner": rep.pk, **custom}
    return client.post(reverse("accounts:edit", args=[account.pk]), data)


def test_the_form_saves_each_type_and_the_page_shows_them(client, rep, account, account_fields):
    client.force_login(rep)
    response = edit(client, account, rep, **FILLED, cf_framework="true")
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.custom == {
        "erp_ref": "ERP-7",
        "fleet": "12.5",
        "audit_on": "2026-03-01",
        "region_code": "West",
        "framework": True,
    }
    page = client.get(account.get_absolute_url()).content.decode()
    for label, value in [("Fleet size", "12.5"), ("Sales region", "West"), ("Framework agreement", "Yes")]:
        assert label in page and value in page
    form = client.get(reverse("accounts:edit", args=[account.pk])).context["form"]
    assert form["cf_fleet"].initial == 12.5 and str(form["cf_audit_on"].initial) == "2026-03-01"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("cf_fleet", "1e20"),  # beyond the number bound
        ("cf_fleet", ""),  # required
        ("cf_audit_on", "1800-01-01"),  # before users.bounds.DATE_MIN
        ("cf_region_code", "North"),  # not a choice
        ("cf_erp_ref", "x" * 501),  # longer than a text holds
        ("cf_framework", "maybe"),
    ],
)
def test_the_form_refuses_a_value_outside_the_fields_bounds(client, rep, account, account_fields, name, value):
    client.force_login(rep)
    response = edit(client, account, rep, **{**FILLED, name: value})
    assert response.status_code == 200
    assert name in response.context["form"].errors
    account.refresh_from_db()
    assert account.custom == {}


def test_values_of_a_retired_field_are_kept_when_the_form_saves(client, rep, account, account_fields):
    account.custom = {"old_key": "kept"}
    account.save()
    client.force_login(rep)
    edit(client, account, rep, **FILLED)
    account.refresh_from_db()
    assert account.custom["old_key"] == "kept" and account.custom["erp_ref"] == "ERP-7"


def test_the_import_fills_and_checks_custom_columns(rep, account_fields):
    dataset = tablib.Dataset(headers=["code", "name", "owner", "ERP reference", "fleet", "Last audit", "Sales region"])
    dataset.append(["K1", "Alpha", "rep", "A-1", "3", "2025-12-31", "East"])
    dataset.append(["K2", "Beta", "rep", "B-2", "4.25", "", "West"])
    mapping = {"code": "code", "name": "name", "owner": "owner", "cf_erp_ref": "ERP reference"}
    mapping |= {"cf_fleet": "fleet", "cf_audit_on": "Last audit", "cf_region_code": "Sales region"}
    report = import_accounts(dataset=dataset, mapping=mapping, user=rep, dry_run=False)
    assert report.ok and report.created == 2
    alpha = rep.owned_accounts.get(code="K1")
    assert alpha.custom == {"erp_ref": "A-1", "fleet": "3", "audit_on": "2025-12-31", "region_code": "East"}
    assert "audit_on" not in rep.owned_accounts.get(code="K2").custom

    bad = tablib.Dataset(headers=["code", "name", "owner", "fleet", "Sales region"])
    bad.append(["K3", "Gamma", "rep", "lots", "North"])
    report = import_accounts(
        dataset=bad, mapping={**mapping, "cf_erp_ref": "", "cf_audit_on": ""}, user=rep, dry_run=False
    )
    assert not report.ok
    assert any("Fleet size" in reason or "Sales region" in reason for _line, reason in report.errors)
    assert not rep.owned_accounts.filter(code="K3").exists()


def test_the_import_page_offers_the_custom_columns_and_guesses_them_by_label(rep, account_fields):
    from accounts.forms import ImportMappingForm
    from accounts.importing import ACCOUNTS

    form = ImportMappingForm(importer=ACCOUNTS, headers=["code", "Fleet size", "cf_erp_ref"])
    # by its label, or by the export's column name (a file exported and imported again)
    assert form["cf_fleet"].initial == "Fleet size" and form["cf_erp_ref"].initial == "cf_erp_ref"
    assert form.fields["cf_region_code"].label == "Sales region"


@pytest.mark.parametrize(
    ("name", "value", "found"),
    [
        ("cf_erp_ref", "erp-7", True),  # a part of the text, any case
        ("cf_fleet", "12.500", True),  # the same number written otherwise
        ("cf_fleet", "13", False),
        ("cf_audit_on", "2026-03-01", True),
        ("cf_region_code", "West", True),
        ("cf_region_code", "East", False),
        ("cf_framework", "true", True),
        ("cf_framework", "false", False),
    ],
)
def test_the_list_filters_by_each_type(client, rep, account_fields, name, value, found):
    AccountFactory(
        owner=rep, name="Filled", custom={**{k[3:]: v for k, v in FILLED.items()}, "fleet": "12.5", "framework": True}
    )
    AccountFactory(owner=rep, name="Empty")
    client.force_login(rep)
    response = client.get(reverse("accounts:list"), {name: value})
    names = [account.name for account in response.context["accounts"]]
    assert names == (["Filled"] if found else [])


def test_a_filter_value_outside_the_bounds_is_ignored_not_a_500(client, rep, account_fields):
    client.force_login(rep)
    response = client.get(reverse("accounts:list"), {"cf_fleet": "9" * 40, "cf_audit_on": "0001-01-01"})
    assert response.status_code == 200


def test_the_export_holds_the_custom_columns(client, rep, account_fields):
    AccountFactory(owner=rep, code="E1", custom={"erp_ref": "=SUM(A1)", "framework": False, "fleet": "7"})
    client.force_login(rep)
    response = client.get(reverse("accounts:export"), {"format": "csv", "cf_fleet": "7"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1
    assert rows[0]["cf_erp_ref"] == "'=SUM(A1)"  # neutralised as every cell
    assert rows[0]["cf_framework"] == "No" and rows[0]["cf_fleet"] == "7" and rows[0]["cf_audit_on"] == ""


def test_the_history_shows_each_custom_change_under_its_label(client, rep, account, account_fields):
    client.force_login(rep)
    edit(client, account, rep, **FILLED)
    edit(client, account, rep, **{**FILLED, "cf_region_code": "East", "cf_erp_ref": ""})
    entries = account_history(account=account, user=rep).entries
    changes = {(change.field, change.old, change.new): entry.who for entry in entries for change in entry.changes}
    assert changes[("Fleet size", "—", "12.5")] == rep
    assert changes[("Sales region", "West", "East")] == rep
    assert changes[("ERP reference", "ERP-7", "—")] == rep
    assert not any(field == "custom fields" for field, _old, _new in changes)
    page = client.get(reverse("accounts:history", args=[account.pk])).content.decode()
    assert "Sales region" in page and "Fleet size" in page


def test_the_api_reads_and_writes_custom_values(client, rep, account, account_fields):
    headers = make_headers(rep)
    url = reverse("api:account-detail", args=[account.pk])
    body = {"custom": {"fleet": "40", "framework": "yes"}}
    response = client.patch(url, body, content_type="application/json", **headers)
    assert response.status_code == 200, response.content
    assert response.json()["custom"] == {"fleet": "40", "framework": True}
    body = {"custom": {"fleet": "x", "unknown": 1}}
    refused = client.patch(url, body, content_type="application/json", **headers)
    assert refused.status_code == 400
    assert set(refused.json()["custom"]) == {"fleet", "unknown"}
    account.refresh_from_db()
    assert account.custom == {"fleet": "40", "framework": True}


@pytest.mark.parametrize("accounts_count", [5, 40])
@pytest.mark.parametrize("definitions", [0, 5])
def test_the_list_keeps_its_query_count_whatever_the_fields(
    client, manager, rep, django_assert_num_queries, accounts_count, definitions
):
    FieldDefinitionFactory.create_batch(definitions)
    for index, account in enumerate(AccountFactory.create_batch(accounts_count, owner=rep)):
        account.custom = {definition.key: f"v{index}" for definition in FieldDefinition.objects.all()}
        account.save()
    client.force_login(manager)
    # session, user, owner choices, region choices, count, the page, saved filters, the custom
    # fields (one query for all of them, read with the filter form)
    with django_assert_num_queries(8):
        response = client.get(reverse("accounts:list"), {"cf_field_0": "v1"} if definitions else {})
    assert response.status_code == 200
