"""The targets block's forecast is drawn by Chart.js (from our static files, under the strict
CSP) on the rep's home and on the manager's dashboard, both loaded after the page by htmx, with
the figures of the table under it."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import AccountFactory, OpportunityFactory, PipelineStageFactory, TargetFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DRAWN = """() => {
  const chart = window.Chart.getChart(document.getElementById("forecast-chart"));
  return chart.data.datasets.map((dataset) => dataset.data);
}"""


@pytest.mark.parametrize("who", ["rep", "manager"])
def test_the_forecast_is_drawn_beside_the_target_on_the_home_and_the_dashboard(
    open_page, log_in, rep, manager, north, who
):
    today = timezone.localdate()
    following = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    account = AccountFactory(owner=rep)
    # an open stage of its own: a browser test before this one flushed the default pipeline
    stage = PipelineStageFactory()
    OpportunityFactory(account=account, stage=stage, amount=Decimal("10000"), probability=30, expected_close=today)
    # the rep's home shows their own target, the dashboard the team's
    subject = {"rep": rep} if who == "rep" else {"rep": None, "team": north}
    TargetFactory(**subject, period_start=following, revenue=Decimal("1500"), set_by=manager)
    page = open_page()
    log_in(page, rep if who == "rep" else manager)

    page.goto(reverse("dashboard:home" if who == "rep" else "dashboard:index"))
    chart = page.locator("#forecast-chart[data-drawn]")
    chart.wait_for()
    assert chart.bounding_box()["height"] > 100
    weighted, targets = page.evaluate(DRAWN)
    assert weighted == [3000, 0, 0, 0, 0, 0] and targets == [None, 1500, None, None, None, None]
    page.locator("#forecast-figures summary").click()
    assert page.locator("#forecast-figures tbody tr").count() == 6
