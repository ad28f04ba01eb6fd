"""``manage.py early_warning --as-of … --horizon … --report FILE.csv``: the contract."""

from __future__ import annotations

import csv
import datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from tests.factories import AccountFactory, OrderFactory, OrderLineFactory

pytestmark = pytest.mark.django_db


def test_the_report_lists_every_account_least_healthy_first_with_its_reasons(rep, tmp_path):
    steady, lapsed = AccountFactory(owner=rep, code="C-1", name="Steady"), AccountFactory(owner=rep, code="C-2")
    for days in (10, 40, 70, 100):
        OrderLineFactory(
            order=OrderFactory(account=steady, order_date=datetime.date(2026, 6, 30) - datetime.timedelta(days=days))
        )
    OrderLineFactory(order=OrderFactory(account=lapsed, order_date=datetime.date(2025, 1, 5)), unit_price=Decimal("5"))
    report = tmp_path / "health.csv"

    with translation.override("en"):
        call_command("early_warning", "--as-of", "2026-06-30", "--horizon", "90", "--report", str(report))

    rows = list(csv.DictReader(report.open(encoding="utf-8")))
    assert [row["account code"] for row in rows] == ["C-2", "C-1"]
    assert [row["risk rank"] for row in rows] == ["1", "2"]
    assert rows[0]["band"] == "red"
    assert rows[0]["reasons"] == "No order in the last 12 months"
    assert rows[1]["name"] == "Steady"
    assert Decimal(rows[1]["health score"]) > Decimal(rows[0]["health score"])


@pytest.mark.parametrize(
    "arguments",
    [
        ["--as-of", "2026-02-30", "--horizon", "90"],
        ["--as-of", "2026-06-30", "--horizon", "0"],
        ["--as-of", "2026-06-30", "--horizon", "x"],
    ],
)
def test_bad_arguments_are_refused_with_a_message(arguments):
    with pytest.raises(CommandError):
        call_command("early_warning", *arguments)
