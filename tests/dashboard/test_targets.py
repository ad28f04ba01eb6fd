"""Targets: attainment per rep and per team against a hand computation, and the forecast of
weighted open pipeline by close month beside the monthly target."""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from dashboard.models import PeriodKind, Target
from dashboard.services import target_set
from dashboard.targets import attainment, forecast
from deals.models import OrderStatus, PipelineStage
from deals.receivables import receivables_refresh
from tests.factories import (
    AccountFactory,
    OpportunityFactory,
    OrderFactory,
    OrderLineFactory,
    TargetFactory,
    VisitFactory,
)

TODAY = datetime.date(2026, 5, 20)  # May; the quarter is April to June


def order(account, day, *lines, status=OrderStatus.CONFIRMED):
    made = OrderFactory(account=account, order_date=day, status=status)
    for quantity, price in lines:
        OrderLineFactory(order=made, quantity=Decimal(quantity), unit_price=Decimal(price))
    receivables_refresh(account_ids=[account.pk])  # the hub the order services call (factories do not)
    return made


@pytest.fixture
def book(rep, teammate, other_rep, manager, north):
    mine, theirs, foreign = (AccountFactory(owner=owner) for owner in (rep, teammate, other_rep))
    order(mine, datetime.date(2026, 5, 3), ("2", "100.00"), ("1", "50.25"))  # 250.25
    order(mine, datetime.date(2026, 5, 10), ("-1", "50.25"))  # a return: -50.25
    order(mine, datetime.date(2026, 4, 15), ("3", "33.33"))  # 99.99, in the quarter only
    order(mine, datetime.date(2026, 5, 5), ("1", "1000"), status=OrderStatus.CANCELLED)  # never a sale
    order(mine, datetime.date(2026, 5, 6), ("1", "1000"), status=OrderStatus.ON_HOLD)  # not yet one
    order(mine, datetime.date(2026, 3, 31), ("1", "500"))  # before the quarter
    order(theirs, datetime.date(2026, 5, 15), ("1", "1000"))
    order(foreign, datetime.date(2026, 5, 15), ("1", "700"))  # the South team's
    for day in (datetime.date(2026, 5, 2), datetime.date(2026, 5, 19), datetime.date(2026, 4, 1)):
        VisitFactory(account=mine, rep=rep, visited_on=day)
    VisitFactory(account=mine, rep=rep, visited_on=datetime.date(2026, 3, 30))
    VisitFactory(account=theirs, rep=teammate, visited_on=datetime.date(2026, 5, 4))
    VisitFactory(account=foreign, rep=other_rep, visited_on=datetime.date(2026, 5, 4))
    TargetFactory(rep=rep, revenue=Decimal("400"), visits=4, set_by=manager)
    TargetFactory(
        rep=rep,
        period_kind=PeriodKind.QUARTER,
        period_start=datetime.date(2026, 4, 1),
        revenue=Decimal("1000"),
        visits=10,
        set_by=manager,
    )
    # April's month target starts on the quarter's first day: it is not the quarter's.
    TargetFactory(rep=rep, period_start=datetime.date(2026, 4, 1), revenue=Decimal("99"), visits=1, set_by=manager)
    TargetFactory(rep=None, team=north, revenue=Decimal("2400"), visits=6, set_by=manager)
    return mine


def figures(rows):
    return {
        (str(row.subject), row.period.kind): (
            row.revenue.actual,
            row.revenue.share,
            row.visits.actual,
            row.visits.share,
        )
        for row in rows
    }


def test_attainment_per_rep_and_team_matches_the_hand_computation(rep, teammate, north, south, book):
    result = attainment(reps=[rep, teammate], teams=[north, south], today=TODAY)

    assert figures(result["reps"]) == {
        # May: 250.25 - 50.25 = 200.00 of 400; 2 visits of 4
        (str(rep), "month"): (Decimal("200.00"), Decimal("0.5000"), 2, Decimal("0.5000")),
        # April to June: 200.00 + 99.99 = 299.99 of 1 000; 3 visits of 10
        (str(rep), "quarter"): (Decimal("299.99"), Decimal("0.3000"), 3, Decimal("0.3000")),
        (str(teammate), "month"): (Decimal("1000.00"), None, 1, None),
        (str(teammate), "quarter"): (Decimal("1000.00"), None, 1, None),
    }
    assert figures(result["teams"]) == {
        # North in May: 200.00 + 1 000.00 of 2 400; 2 + 1 visits of 6
        ("North", "month"): (Decimal("1200.00"), Decimal("0.5000"), 3, Decimal("0.5000")),
        ("North", "quarter"): (Decimal("1299.99"), None, 4, None),
        ("South", "month"): (Decimal("700.00"), None, 1, None),
        ("South", "quarter"): (Decimal("700.00"), None, 1, None),
    }
    assert result["reps"][0].revenue.percent == 50


@pytest.mark.parametrize("extra", [0, 15])
def test_attainment_takes_three_queries_whatever_the_number_of_people(
    rep, teammate, north, book, extra, django_assert_num_queries
):
    reps = [rep, teammate]
    for _index in range(extra):
        other = AccountFactory(owner__team=north).owner
        order(AccountFactory(owner=other), TODAY, ("1", "10"))
        reps.append(other)
    with django_assert_num_queries(3):
        attainment(reps=reps, teams=[north], today=TODAY)


def test_the_forecast_weighs_open_opportunities_by_close_month_beside_the_monthly_target(rep, manager, book):
    won = PipelineStage.objects.filter(outcome="won").first()
    OpportunityFactory(account=book, amount=Decimal("10000"), probability=30, expected_close=datetime.date(2026, 5, 31))
    OpportunityFactory(account=book, amount=Decimal("2000"), probability=50, expected_close=datetime.date(2026, 6, 1))
    OpportunityFactory(
        account=book, amount=Decimal("999"), probability=50, expected_close=datetime.date(2026, 5, 2), stage=won
    )
    OpportunityFactory(account=book, amount=Decimal("5000"), probability=50, expected_close=datetime.date(2026, 12, 1))
    TargetFactory(rep=rep, period_start=datetime.date(2026, 6, 1), revenue=Decimal("1500"), set_by=manager)

    months = forecast(user=rep, reps=[rep], today=TODAY)

    assert [month["month"] for month in months] == [datetime.date(2026, month, 1) for month in range(5, 11)]
    assert [(month["weighted"], month["count"], month["target"]) for month in months[:3]] == [
        (Decimal("3000.00"), 1, Decimal("400.00")),
        (Decimal("1000.00"), 1, Decimal("1500.00")),
        (Decimal("0"), 0, None),
    ]


def test_a_manager_sets_a_target_for_a_rep_of_their_team_and_setting_it_again_replaces_it(client, manager, rep):
    client.force_login(manager)
    data = {"rep": rep.pk, "period_kind": "quarter", "period_start": "2026-05-17", "revenue": "5000", "visits": "12"}
    assert client.post(reverse("dashboard:targets"), data).status_code == 302
    client.post(reverse("dashboard:targets"), {**data, "revenue": "6000.50"})
    target = Target.objects.get()
    assert (target.rep, target.period_kind, target.period_start) == (rep, "quarter", datetime.date(2026, 4, 1))
    assert (target.revenue, target.visits, target.set_by) == (Decimal("6000.50"), 12, manager)


@pytest.mark.parametrize(
    "change",
    [
        {"rep": "", "team": ""},  # nobody
        {"revenue": "-1"},
        {"revenue": "99999999999999999999"},
        {"visits": "99999999999999999999"},
        {"period_start": "99999-01-01"},
        {"period_kind": "week"},
    ],
)
def test_a_target_out_of_bounds_is_refused_with_the_form(client, manager, rep, change):
    client.force_login(manager)
    data = {"rep": rep.pk, "period_kind": "month", "period_start": "2026-05-01", "revenue": "1", "visits": "1"}
    response = client.post(reverse("dashboard:targets"), {**data, **change})
    assert response.status_code == 200 and response.context["form"].errors
    assert not Target.objects.exists()


def test_a_manager_cannot_set_another_teams_target(client, other_manager, rep, north, manager):
    client.force_login(other_manager)
    data = {"period_kind": "month", "period_start": "2026-05-01", "revenue": "1", "visits": "1"}
    assert client.post(reverse("dashboard:targets"), {**data, "rep": rep.pk}).context["form"].errors["rep"]
    assert client.post(reverse("dashboard:targets"), {**data, "team": north.pk}).context["form"].errors["team"]
    with pytest.raises(PermissionDenied):
        target_set(actor=other_manager, team=north, period_kind="month", period_start=TODAY, revenue=1, visits=1)
    assert not Target.objects.exists()


def test_the_rep_sees_their_attainment_and_the_manager_each_rep_and_the_team(client, rep, manager, book):
    today = timezone.localdate()
    order(book, today, ("2", "100.00"))  # this month's, whatever the day the test runs
    client.force_login(rep)
    page = client.get(reverse("dashboard:home")).content.decode()
    assert 'id="my-targets"' in page
    assert f'hx-get="{reverse("dashboard:my_targets_block")}"' in page
    mine = client.get(reverse("dashboard:my_targets_block")).context["targets"]
    assert mine["attainment"]["reps"][0].revenue.actual >= Decimal("200.00")
    assert figures(mine["attainment"]["reps"]) == figures(attainment(reps=[rep], teams=[], today=today)["reps"])
    assert mine["attainment"]["teams"] == [] and len(mine["forecast"]) == 6
    client.force_login(manager)
    block = client.get(reverse("dashboard:targets_block")).context["targets"]
    assert {str(row.subject) for row in block["attainment"]["teams"]} == {"North"}
    assert str(rep) in {str(row.subject) for row in block["attainment"]["reps"]}
    assert len(block["forecast"]) == 6


def test_the_dashboard_loads_its_targets_block_with_its_filters(client, manager, rep, book):
    client.force_login(manager)
    response = client.get(reverse("dashboard:index"), {"rep": rep.pk})
    page = response.content.decode()
    assert "targets" not in response.context  # the page no longer sums the period's orders
    assert f'hx-get="{reverse("dashboard:targets_block")}?rep={rep.pk}"' in page
    block = client.get(reverse("dashboard:targets_block"), {"rep": rep.pk}).context["targets"]
    assert [str(row.subject) for row in block["attainment"]["reps"]] == [str(rep), str(rep)]
    assert block["attainment"]["teams"] == []


def test_the_targets_block_refuses_a_filter_out_of_bounds_without_an_error(client, manager, book):
    client.force_login(manager)
    response = client.get(reverse("dashboard:targets_block"), {"rep": "x" * 300, "team": "-1"})
    assert response.status_code == 200
    assert {str(row.subject) for row in response.context["targets"]["attainment"]["teams"]} == {"North"}


def more_reps(team, count: int) -> None:
    """``count`` more reps in ``team``, each with an account, an order and a visit this month."""
    for _index in range(count):
        account = AccountFactory(owner__team=team)
        order(account, timezone.localdate(), ("1", "10"))
        VisitFactory(account=account, rep=account.owner)
        OpportunityFactory(account=account)


@pytest.mark.parametrize("extra", [0, 12])
def test_the_targets_block_runs_a_fixed_number_of_queries(
    client, manager, north, book, extra, django_assert_num_queries
):
    more_reps(north, extra)
    client.force_login(manager)
    # session, user; the reps and teams in view, attainment (targets, revenue, visits), the
    # forecast (pipeline, monthly targets)
    with django_assert_num_queries(9):
        response = client.get(reverse("dashboard:targets_block"))
    assert len(response.context["targets"]["attainment"]["reps"]) == 2 * (3 + extra)  # rep, teammate, manager


@pytest.mark.parametrize("extra", [0, 12])
def test_my_targets_block_runs_a_fixed_number_of_queries(client, rep, book, extra, django_assert_num_queries):
    for _index in range(extra):
        order(book, timezone.localdate(), ("1", "10"))
        VisitFactory(account=book, rep=rep)
        OpportunityFactory(account=book)
    client.force_login(rep)
    # session, user; attainment (targets, revenue, visits), the forecast (pipeline, monthly targets)
    with django_assert_num_queries(7):
        response = client.get(reverse("dashboard:my_targets_block"))
    assert [str(row.subject) for row in response.context["targets"]["attainment"]["reps"]] == [str(rep)] * 2


def chart_and_table(page: str) -> tuple[dict, list[tuple[str, ...]]]:
    """The forecast chart's data (its json_script) and the rows of the table under it."""
    data = re.search(r'<script id="forecast-chart-data" type="application/json">(.*?)</script>', page, re.S)
    figures = page[page.index('id="forecast-figures"') : page.index("</details>")]
    rows = re.findall(r"<tr><td>([^<]*)</td>" + r"<td[^>]*>([^<]*)</td>" * 3 + "</tr>", figures)
    return json.loads(data.group(1)), rows


def amount(text: str | None) -> Decimal | None:
    return None if text in (None, "—") else Decimal(text.replace(",", ""))


@pytest.mark.parametrize(("language", "month_name"), [("en", r"\w+ \d{4}"), ("zh-hans", r"\d{4}年\d{1,2}月")])
def test_the_forecast_chart_draws_the_forecasts_figures_and_the_table_keeps_them(
    client, rep, manager, account, language, month_name
):
    today = timezone.localdate()
    following = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    OpportunityFactory(account=account, amount=Decimal("10000"), probability=30, expected_close=today)
    OpportunityFactory(account=account, amount=Decimal("2000"), probability=50, expected_close=following)
    TargetFactory(rep=rep, period_start=following, revenue=Decimal("1500"), set_by=manager)
    client.force_login(rep)
    client.post(reverse("set_language"), {"language": language, "next": "/"})

    page = client.get(reverse("dashboard:my_targets_block")).content.decode()

    chart, rows = chart_and_table(page)
    months = forecast(user=rep, reps=[rep], today=today)
    assert [amount(value) for value in chart["weighted"]] == [month["weighted"] for month in months]
    assert [amount(value) for value in chart["targets"]] == [month["target"] for month in months]
    # by hand: 30 % of 10 000 this month; 50 % of 2 000 beside a target of 1 500 the next
    assert chart["weighted"][:2] == ["3000.00", "1000.00"] and chart["targets"][:2] == [None, "1500.00"]
    assert [(label, amount(weighted), amount(target)) for label, _count, weighted, target in rows] == list(
        zip(chart["labels"], map(amount, chart["weighted"]), map(amount, chart["targets"]), strict=True)
    )
    assert all(re.fullmatch(month_name, label) for label in chart["labels"])
    assert 'id="forecast-chart"' in page and "dashboard/forecast_chart.js" in page
