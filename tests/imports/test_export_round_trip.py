"""Exporting a list and importing the file again changes nothing (issue 19, part 6).

On the demo data: the account, contact and order lists are exported as CSV and as Excel
by the list pages' export views and read back through the same importers as the import
pages; every value is compared before and after, and the importers report nothing new and
nothing changed. Cells that look like formulas are guarded on the way out and restored on
the way in.
"""

from __future__ import annotations

import io
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.importing import ACCOUNTS, IMPORT_FIELDS
from accounts.models import Account
from contacts.importing import CONTACTS
from contacts.models import Contact, ContactRole
from credit.selectors import exposure_list
from deals import pipeline
from deals.importing import import_table
from deals.importing.cells import DateParser
from deals.importing.mapping import resolve_mapping
from deals.importing.results import ImportResult, SkipReason
from deals.importing.rows import parse_rows
from deals.models import Opportunity, Order, OrderLine
from imports.reader import open_table
from users.models import User
from visits.complaints import complaint_list
from visits.models import Complaint
from visits.selectors import due_accounts

SMALL = {"accounts": 30, "orders_per_account": 2, "lines_per_order": 2, "contacts_per_account": 2}
CONTACT_FIELDS = [name for name in CONTACTS.field_names if name not in ("account", "roles")]
TRICKY = {"=SUM(A1:A2)", "+1-266-555-0100", "-2+3", "@cmd", "'quoted", "''=twice"}


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=StringIO(), **SMALL)
    # Values a spreadsheet would run, or that look like a guarded cell already.
    accounts = list(Account.objects.order_by("pk")[:6])
    for account, value in zip(accounts, sorted(TRICKY), strict=True):
        Account.objects.filter(pk=account.pk).update(phone=value, address=value)
    contacts = list(Contact.objects.order_by("pk")[:6])
    for contact, value in zip(contacts, sorted(TRICKY), strict=True):
        Contact.objects.filter(pk=contact.pk).update(title=value, hobbies=value)
    return User.objects.get(username="admin")


def export(client, user, url_name: str, file_format: str, **filters) -> tuple[bytes, str]:
    client.force_login(user)
    response = client.get(reverse(url_name), {**filters, "format": file_format})
    assert response.status_code == 200, response.status_code
    assert response["Content-Disposition"].startswith("attachment;")
    return response.content, f"export.{file_format}"


def account_values() -> list[tuple]:
    return list(
        Account.objects.order_by("code").values_list(
            *[f"{name}_id" if name == "owner" else name for name in IMPORT_FIELDS]
        )
    )


def contact_values() -> list[tuple]:
    return list(Contact.objects.order_by("pk").values_list("account__code", *CONTACT_FIELDS))


def role_values() -> list[tuple]:
    return list(ContactRole.objects.order_by("pk").values_list("contact_id", "role", "started_on", "ended_on"))


def run_importer(importer, content: bytes, name: str, user) -> dict:
    with open_table(io.BytesIO(content), name) as table:
        mapping = importer.guess_mapping(table.headers)
        return importer.run_table(table=table, mapping=mapping, user=user, dry_run=False, progress=lambda *a: None)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_accounts_export_re_imports_without_changing_a_value(client, demo, file_format):
    before = account_values()
    content, name = export(client, demo, "accounts:export", file_format)
    summary = run_importer(ACCOUNTS, content, name, demo)
    assert summary["errors"] == []
    assert (summary["created"], summary["updated"], summary["unchanged"]) == (0, 0, len(before))
    assert account_values() == before
    assert set(Account.objects.values_list("phone", flat=True)) >= TRICKY


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_contacts_export_re_imports_without_changing_a_value(client, demo, file_format):
    before, roles_before = contact_values(), role_values()
    assert roles_before, "the demo holds buying roles"
    content, name = export(client, demo, "contacts:export", file_format)
    summary = run_importer(CONTACTS, content, name, demo)
    assert summary["errors"] == []
    assert (summary["created"], summary["updated"], summary["unchanged"]) == (0, 0, len(before))
    assert contact_values() == before
    assert role_values() == roles_before
    assert set(Contact.objects.values_list("title", flat=True)) >= TRICKY


def _file_lines(content: bytes, name: str) -> list[tuple]:
    with open_table(io.BytesIO(content), name) as table:
        columns = resolve_mapping(table.headers)
        rows = parse_rows(table.rows, columns, DateParser(), ImportResult(), lambda *a: None)
    return sorted(
        (row.account_code, row.number, row.order_date, row.product_code, row.quantity, row.unit_price, row.unit_cost)
        for row in rows
    )


def _database_lines() -> list[tuple]:
    lines = OrderLine.objects.values_list(
        "order__account__code", "order__number", "order__order_date", "product__code", "quantity", "unit_price",
        "unit_cost",
    )  # fmt: skip
    return sorted(lines)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_orders_export_holds_every_line_and_re_imports_as_nothing_new(client, demo, file_format):
    orders, lines = Order.objects.count(), _database_lines()
    assert lines, "the demo holds order lines"
    content, name = export(client, demo, "deals:order_export", file_format)
    assert _file_lines(content, name) == lines
    with open_table(io.BytesIO(content), name) as table:
        result = import_table(table=table, actor=demo)
    assert (result.orders_created, result.lines_imported, result.accounts_created, result.products_created) == (
        0,
        0,
        0,
        0,
    )
    assert {skip.reason for skip in result.skipped} == {SkipReason.ORDER_EXISTS}
    assert result.rows == len(lines)
    assert Order.objects.count() == orders and _database_lines() == lines


def test_a_reps_exports_hold_only_the_accounts_the_rep_sees(client, demo):
    rep = User.objects.filter(role="rep").order_by("username").first()
    visible = set(Account.objects.visible_to(rep).values_list("code", flat=True))
    assert 0 < len(visible) < Account.objects.count()
    content, name = export(client, rep, "deals:order_export", "csv")
    assert {line[0] for line in _file_lines(content, name)} <= visible
    content, name = export(client, rep, "contacts:export", "csv")
    with open_table(io.BytesIO(content), name) as table:
        codes = {cells[table.headers.index("account")] for _line, cells in table.rows}
    assert codes and codes <= visible


def test_the_export_keeps_the_pages_filters(client, demo):
    account = Order.objects.order_by("pk").first().account
    content, name = export(client, demo, "deals:order_export", "csv", account=str(account.pk))
    assert {line[0] for line in _file_lines(content, name)} == {account.code}
    content, name = export(client, demo, "contacts:export", "csv", q=account.code)
    with open_table(io.BytesIO(content), name) as table:
        codes = {cells[table.headers.index("account")] for _line, cells in table.rows}
    assert codes == {account.code}


def test_an_export_over_the_row_cap_is_refused_with_a_message(client, demo, settings):
    settings.EXPORT_MAX_ROWS = 3
    client.force_login(demo)
    for url_name, list_name in (
        ("accounts:export", "accounts:list"),
        ("contacts:export", "contacts:coverage"),
        ("deals:order_export", "deals:order_list"),
    ):
        response = client.get(reverse(url_name), {"format": "xlsx"}, follow=True)
        assert response.status_code == 200
        assert response.redirect_chain[-1][0].startswith(reverse(list_name))
        assert "the most an export takes" in response.content.decode()


def test_an_outsider_cannot_export_another_teams_account_orders(client, demo):
    rep = User.objects.filter(role="rep").order_by("username").first()
    hidden = Account.objects.exclude(pk__in=Account.objects.visible_to(rep)).first()
    client.force_login(rep)
    response = client.get(reverse("deals:order_export"), {"account": hidden.pk, "format": "csv"})
    assert response.status_code == 404


def _exported_rows(content: bytes, name: str, *columns: str) -> list[tuple]:
    with open_table(io.BytesIO(content), name) as table:
        at = [table.headers.index(column) for column in columns]
        return sorted(tuple(str(cells[index]) for index in at) for _line, cells in table.rows)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_opportunity_export_holds_the_pages_rows_for_a_rep_under_a_filter(client, demo, file_format):
    rep = User.objects.filter(role="rep", opportunities__isnull=False).order_by("username").first()
    stage = Opportunity.objects.visible_to(rep).order_by("pk").first().stage
    page = pipeline.opportunity_list(user=rep, stage=stage)
    expected = sorted((opportunity.name, opportunity.account.code, str(opportunity.amount)) for opportunity in page)
    assert 0 < len(expected) < Opportunity.objects.count()
    content, name = export(client, rep, "deals:opportunity_export", file_format, stage=str(stage.pk))
    assert _exported_rows(content, name, "name", "account_code", "amount") == expected


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_complaint_export_holds_the_pages_rows_for_a_rep(client, demo, file_format):
    rep = User.objects.filter(role="rep", owned_complaints__isnull=False).order_by("username").first()
    page = complaint_list(user=rep, state="all")
    expected = sorted((complaint.subject, complaint.account.code, complaint.severity) for complaint in page)
    assert 0 < len(expected) < Complaint.objects.count()
    content, name = export(client, rep, "visits:complaint_export", file_format, state="all")
    assert _exported_rows(content, name, "subject", "account_code", "severity") == expected


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_credit_exposure_export_holds_the_pages_rows_for_a_manager(client, demo, file_format):
    manager = User.objects.filter(role="manager").order_by("username").first()
    expected = sorted((account.code, str(account.exposure)) for account in exposure_list(user=manager))
    assert 0 < len(expected) < Account.objects.count()
    content, name = export(client, manager, "credit:overview_export", file_format)
    assert _exported_rows(content, name, "code", "exposure") == expected


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_visits_due_export_holds_the_pages_rows_for_a_rep(client, demo, file_format):
    rep = User.objects.filter(role="rep").order_by("username").first()
    page = due_accounts(user=rep, today=timezone.localdate())
    expected = sorted((account.code, str(account.next_due)) for account in page)
    assert 0 < len(expected) < Account.objects.count()
    content, name = export(client, rep, "visits:due_export", file_format)
    assert _exported_rows(content, name, "code", "next_due") == expected
