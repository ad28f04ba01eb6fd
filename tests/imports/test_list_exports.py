"""The exports of the credit queues, the task lists, the at-risk list, the team plans, the
whitespace matrix, the scoring runs and the notifications (issue 19): each
holds the rows its page lists for the person who asks and no other team's, with formula
cells guarded on the way out and given back as written when read in again."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import CoreInfoAccess
from credit.models import RequestStatus
from imports.reader import open_table
from intelligence import services as intelligence_services
from scoring.models import ScoringRun
from scoring.stored import scoring_figures_refresh
from tests.factories import (
    AccountFactory,
    AccountStandingFactory,
    ComplaintFactory,
    CreditHoldFactory,
    CreditRequestFactory,
    NotificationFactory,
    OrderFactory,
    OrderLineFactory,
    PlanItemFactory,
    ProductFactory,
    ScoringResultFactory,
    ScoringRunFactory,
    TaskFactory,
)

FORMULA = '=HYPERLINK("http://x")'


def export(client, user, url_name: str, file_format: str = "csv", **filters) -> tuple[bytes, str]:
    client.force_login(user)
    response = client.get(reverse(url_name), {**filters, "format": file_format})
    assert response.status_code == 200, response.status_code
    assert response["Content-Disposition"].startswith("attachment;")
    return response.content, f"export.{file_format}"


def read_column(content: bytes, name: str, column: str) -> list[str]:
    """The column as the importers read it back (the formula guard taken off)."""
    with open_table(io.BytesIO(content), name) as table:
        at = table.headers.index(column)
        return sorted(str(cells[at]) for _line, cells in table.rows)


def read_rows(content: bytes, name: str) -> list[dict]:
    """The rows in the file's order, each as {header: cell}, the guard taken off."""
    with open_table(io.BytesIO(content), name) as table:
        return [dict(zip(table.headers, (str(cell) for cell in cells), strict=True)) for _line, cells in table.rows]


def raw_csv_column(content: bytes, column: str) -> list[str]:
    """The column as a spreadsheet opens it (the guard still on)."""
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    return [row[rows[0].index(column)] for row in rows[1:]]


@pytest.fixture
def both_teams(account, foreign_account):
    return account, foreign_account


def scored(*accounts):
    """The accounts in the latest scoring run (the at-risk list lists only those), tier C
    (no committee warnings) and not downgraded."""
    run = ScoringRunFactory()
    for account in accounts:
        AccountStandingFactory(account=account, run=run, abc_tier="C", previous_abc_tier="C")


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_my_tasks_export_holds_my_open_tasks_only_with_formulas_guarded(client, rep, both_teams, file_format):
    mine, theirs = both_teams
    TaskFactory(account=mine, title=FORMULA)
    TaskFactory(account=mine, title="Call back")
    TaskFactory(account=mine, title="Done already", done_at=timezone.now())
    TaskFactory(account=theirs, title="Not mine")
    content, name = export(client, rep, "tasks:mine_export", file_format)
    assert read_column(content, name, "title") == sorted([FORMULA, "Call back"])
    if file_format == "csv":
        assert "'" + FORMULA in raw_csv_column(content, "title")


def test_a_managers_team_tasks_export_holds_no_other_teams_tasks(client, manager, teammate, both_teams):
    mine, theirs = both_teams
    TaskFactory(account=mine, title="Rep's")
    TaskFactory(account=mine, owner=teammate, title="Teammate's")
    TaskFactory(account=theirs, title="South's")
    content, name = export(client, manager, "tasks:team_export")
    assert read_column(content, name, "title") == ["Rep's", "Teammate's"]
    content, name = export(client, manager, "tasks:team_export", owner=teammate.pk)
    assert read_column(content, name, "title") == ["Teammate's"]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_at_risk_export_holds_the_reps_accounts_at_risk_only(client, rep, both_teams, file_format):
    mine, theirs = both_teams
    calm = AccountFactory(owner=rep, name="Calm Ltd")
    for at_risk in (mine, theirs):
        ComplaintFactory(account=at_risk, severity="high")
    ComplaintFactory(account=calm, severity="low")
    scored(mine, theirs, calm)
    content, name = export(client, rep, "dashboard:at_risk_export", file_format)
    assert read_column(content, name, "code") == [mine.code]
    assert read_column(content, name, "reasons") == ["complaint"]


def test_the_at_risk_export_keeps_the_reason_filter(client, rep, account):
    ComplaintFactory(account=account, severity="high")
    scored(account)
    content, name = export(client, rep, "dashboard:at_risk_export", reason="complaint")
    assert read_column(content, name, "code") == [account.code]
    content, name = export(client, rep, "dashboard:at_risk_export", reason="overdue")
    assert read_column(content, name, "code") == []


def test_the_approval_queue_export_holds_what_waits_for_the_manager(client, manager, both_teams):
    mine, theirs = both_teams
    CreditRequestFactory(account=mine, requested_limit="250000.00")
    CreditRequestFactory(account=theirs)
    content, name = export(client, manager, "credit:queue_export", "xlsx")
    assert read_column(content, name, "account_code") == [mine.code]
    assert read_column(content, name, "requested_limit") == ["250000.00"]


def test_the_decided_export_holds_the_managers_decisions_under_the_filter(client, manager, other_manager, both_teams):
    mine, theirs = both_teams
    now = timezone.now()
    CreditRequestFactory(account=mine, status=RequestStatus.APPROVED, decided_by=manager, decided_at=now)
    CreditRequestFactory(account=mine, status=RequestStatus.REJECTED, decided_by=manager, decided_at=now)
    CreditRequestFactory(account=theirs, status=RequestStatus.APPROVED, decided_by=other_manager, decided_at=now)
    content, name = export(client, manager, "credit:decided_export")
    assert read_column(content, name, "status") == ["approved", "rejected"]
    content, name = export(client, manager, "credit:decided_export", status="rejected")
    assert read_column(content, name, "account_code") == [mine.code]


def test_the_held_orders_export_holds_the_pending_holds(client, credit_approver, both_teams):
    mine, theirs = both_teams
    holds = [CreditHoldFactory(account=mine), CreditHoldFactory(account=theirs)]
    CreditHoldFactory(
        account=mine, status="released", decided_by=credit_approver, decided_at=timezone.now(), reason="ok"
    )
    content, name = export(client, credit_approver, "credit:holds_export")
    assert read_column(content, name, "order") == sorted(hold.order.number for hold in holds)


def test_the_movers_export_holds_the_cells_accounts_in_the_reps_scope(client, rep, other_rep, both_teams):
    mine, theirs = both_teams
    earlier = ScoringRunFactory(as_of=datetime.date(2026, 5, 31))
    latest = ScoringRunFactory(as_of=datetime.date(2026, 6, 30), previous=earlier)
    for account in (mine, theirs):
        ScoringResultFactory(run=latest, account=account, abc_tier="B", previous_abc_tier="A", measure=Decimal("300"))
    ScoringRun.objects.filter(pk=latest.pk).update(accounts_count=2)
    scoring_figures_refresh()
    content, name = export(client, rep, "dashboard:movers_export", **{"from": "A", "to": "B"})
    assert read_column(content, name, "code") == [mine.code]
    content, name = export(client, other_rep, "dashboard:movers_export", **{"from": "A", "to": "B"})
    assert read_column(content, name, "code") == [theirs.code]


def test_the_product_export_holds_the_searched_catalogue_with_formulas_guarded(client, rep):
    ProductFactory(code="P-1", name=FORMULA)
    ProductFactory(code="P-2", name="Valve")
    ProductFactory(code="X-9", name="Pump")
    content, name = export(client, rep, "deals:product_export", q="P-")
    assert read_column(content, name, "name") == sorted([FORMULA, "Valve"])
    assert "'" + FORMULA in raw_csv_column(content, "name")


def test_the_core_info_access_export_holds_the_filtered_log(client, admin_user, rep, both_teams):
    mine, theirs = both_teams
    CoreInfoAccess.objects.create(account=mine, user=rep)
    CoreInfoAccess.objects.create(account=theirs, user=admin_user)
    content, name = export(client, admin_user, "accounts:core_info_log_export", "xlsx", account=mine.code)
    assert read_column(content, name, "user") == [rep.username]


def test_the_plan_export_holds_the_reps_plan_for_the_period(client, rep, manager, other_manager, account):
    soon = timezone.localdate() + datetime.timedelta(days=1)
    later = timezone.localdate() + datetime.timedelta(days=60)
    PlanItemFactory(account=account, rep=rep, planned_on=soon)
    PlanItemFactory(account=AccountFactory(owner=rep), rep=rep, planned_on=later)  # another month
    query = {"rep": rep.pk, "period": "month", "start": soon.isoformat()}
    content, name = export(client, rep, "visits:plan_export", **query)
    assert read_column(content, name, "account_code") == [account.code]
    content, name = export(client, manager, "visits:plan_export", "xlsx", **query)
    assert read_column(content, name, "planned_on") == [soon.isoformat()]
    client.force_login(other_manager)
    assert client.get(reverse("visits:plan_export"), query).status_code == 404


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_team_plans_export_holds_the_pages_reps_for_its_period(
    client, manager, rep, teammate, other_rep, north, file_format
):
    north.name = FORMULA  # a team's name is free text
    north.save(update_fields=["name"])
    soon = timezone.localdate() + datetime.timedelta(days=1)
    later = timezone.localdate() + datetime.timedelta(days=60)
    PlanItemFactory(account=AccountFactory(owner=rep), planned_on=soon)
    PlanItemFactory(account=AccountFactory(owner=teammate), planned_on=later)
    PlanItemFactory(account=AccountFactory(owner=other_rep), planned_on=soon)
    query = {"period": "month", "start": soon.isoformat()}
    client.force_login(manager)
    page = client.get(reverse("visits:team_plan"), query).context["reps"]
    content, name = export(client, manager, "visits:team_plan_export", file_format, **query)
    rows = read_rows(content, name)
    assert [row["rep"] for row in rows] == [shown.username for shown in page]  # the page's order
    assert sorted(row["rep"] for row in rows) == [rep.username, teammate.username]
    assert {row["rep"]: row["planned"] for row in rows} == {rep.username: "1", teammate.username: "0"}
    assert {row["team"] for row in rows} == {FORMULA}
    if file_format == "csv":
        assert set(raw_csv_column(content, "team")) == {"'" + FORMULA}
    # The period is the filter: the later month holds the teammate's visit, not the rep's.
    content, name = export(client, manager, "visits:team_plan_export", period="month", start=later.isoformat())
    planned = {row["rep"]: row["planned"] for row in read_rows(content, name)}
    assert planned == {rep.username: "0", teammate.username: "1"}


@pytest.mark.parametrize("check_in", [True, False])
def test_the_team_plans_export_has_the_check_in_columns_when_the_page_does(client, manager, rep, settings, check_in):
    settings.VISITS_CHECK_IN = check_in
    content, name = export(client, manager, "visits:team_plan_export")
    assert ("check_in_rate" in read_rows(content, name)[0]) is check_in


AS_OF = datetime.date(2026, 6, 30)


def key_account(owner, *categories):
    """An A-tier manufacturing account that bought ``categories`` a month before ``AS_OF``."""
    account = AccountFactory(owner=owner, industry="manufacturing")
    AccountStandingFactory(account=account, abc_tier="A")
    for category in categories:
        order = OrderFactory(account=account, order_date=AS_OF - datetime.timedelta(days=30))
        OrderLineFactory(order=order, product=ProductFactory(category=category), unit_price=Decimal("100"))
    return account


def test_the_whitespace_export_holds_the_managers_key_accounts_with_categories_guarded(client, manager, rep, other_rep):
    buyer = key_account(rep, "Pumps", FORMULA)
    peers = [key_account(rep, "Pumps") for _ in range(2)]
    key_account(other_rep, "Pumps", "Valves")
    AccountFactory(owner=rep)  # not a key account
    intelligence_services.intelligence_run(as_of=AS_OF, horizon_days=90)
    client.force_login(manager)
    page = client.get(reverse("intelligence:whitespace_matrix")).context["matrix"]
    content, name = export(client, manager, "intelligence:whitespace_export")
    rows = read_rows(content, name)
    assert sorted(row["code"] for row in rows) == sorted(row["account"].code for row in page["rows"])
    assert sorted(row["code"] for row in rows) == sorted(account.code for account in (buyer, *peers))
    # A category is a header, guarded like a cell (the importers restore cells, not headers).
    assert page["columns"] == [FORMULA, "Pumps"]
    assert list(rows[0])[2:] == ["'" + FORMULA, "Pumps"]
    assert rows[0]["'" + FORMULA] == ("bought" if rows[0]["code"] == buyer.code else "")
    cells = {row["account"].code: row["cells"] for row in page["rows"]}
    assert {row["code"]: list(row.values())[2:] for row in rows} == cells  # the page's cells


def test_the_scoring_runs_export_holds_the_runs_page_with_errors_guarded(client, admin_user, manager):
    ScoringRunFactory(as_of=datetime.date(2026, 5, 31), error=FORMULA)
    ScoringRunFactory(as_of=datetime.date(2026, 6, 30))
    client.force_login(admin_user)
    page = client.get(reverse("scoring:runs")).context["runs"]
    content, name = export(client, admin_user, "scoring:runs_export", "xlsx")
    rows = read_rows(content, name)
    assert [row["as_of"] for row in rows] == [run.as_of.isoformat() for run in page] == ["2026-06-30", "2026-05-31"]
    assert rows[1]["error"] == FORMULA
    content, _name = export(client, admin_user, "scoring:runs_export")
    assert "'" + FORMULA in raw_csv_column(content, "error")
    client.force_login(manager)
    assert client.get(reverse("scoring:runs_export")).status_code == 403


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_notifications_export_holds_the_persons_own_only(client, rep, teammate, file_format):
    NotificationFactory(recipient=rep, subject=FORMULA, body="Call them")
    NotificationFactory(recipient=rep, subject="Read already", read_at=timezone.now())
    NotificationFactory(recipient=teammate, subject="Not the rep's")
    client.force_login(rep)
    page = client.get(reverse("notifications")).context["notifications"]
    content, name = export(client, rep, "notifications_export", file_format)
    assert read_column(content, name, "subject") == sorted(item.subject for item in page)
    assert read_column(content, name, "subject") == sorted([FORMULA, "Read already"])
    if file_format == "csv":
        assert "'" + FORMULA in raw_csv_column(content, "subject")
