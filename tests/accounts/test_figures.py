"""Figures read the way each language writes them: grouped money in both, 117.3 M / 1.17 亿
where space is tight, ISO dates in English and 2026年12月2日 in Chinese (config/formats)."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from accounts.money import format_compact_money, format_money
from deals.receivables import receivables_refresh
from scoring import services as scoring
from tests.factories import CreditLimitFactory, OrderFactory, OrderLineFactory

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("language", "amount", "expected"),
    [
        ("en", "117271521.78", f"117.3{NBSP}M"),
        ("en", "424113.46", f"424.1{NBSP}K"),
        ("en", "2500000000", f"2.50{NBSP}B"),
        ("en", "999999.99", f"1.00{NBSP}M"),  # rounds up into the next unit, not "1,000.0 K"
        ("en", "-45600", f"-45.6{NBSP}K"),
        ("en", "950.50", "951"),
        ("zh-hans", "5000", "5,000"),
        ("zh-hans", "117271521.78", f"1.17{NBSP}亿"),
        ("zh-hans", "424113.46", f"42.4{NBSP}万"),
        ("zh-hans", "98765432", f"9,876.5{NBSP}万"),
        ("zh-hans", "9999.4", f"1.00{NBSP}万"),
    ],
)
def test_large_figures_are_compact_in_the_units_of_the_language(language, amount, expected):
    with translation.override(language):
        assert format_compact_money(Decimal(amount)) == expected


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_money_is_grouped_by_thousands_in_both_languages(language):
    with translation.override(language):
        assert format_money(Decimal("117271521.775")) == "117,271,521.78"  # half up at the cent
        assert format_money(Decimal("424113.46"), currency="CNY") == "CNY 424,113.46"
        assert format_money(None) == format_compact_money(None) == "—"


@pytest.mark.parametrize(
    ("language", "date", "shares"),
    [("en", "2026-12-02", f"50.0{NBSP}% · 12.5{NBSP}%"), ("zh-hans", "2026年12月2日", f"50.0{NBSP}% · 12.5{NBSP}%")],
)
def test_the_figures_filters_and_named_date_formats_follow_the_language(language, date, shares):
    template = Template(
        '{% load figures %}{{ day|date:"SHORT_DATE_FORMAT" }}|{{ day|date }}|{{ half|percent }} · {{ pct|percent:100 }}'
        "|{{ count|number }}|{{ quantity|number:-3 }}|{{ nothing|number }}"
    )
    context = Context(
        {
            "day": datetime.date(2026, 12, 2),
            "half": Decimal("0.5"),
            "pct": Decimal("12.5"),
            "count": 12345,
            "quantity": Decimal("1234.500"),
            "nothing": None,
        }
    )
    with translation.override(language):
        assert template.render(context) == f"{date}|{date}|{shares}|12,345|1,234.500|—"


def sell(account, amount: str, on: datetime.date) -> None:
    order = OrderFactory(account=account, order_date=on, status="confirmed")
    OrderLineFactory(order=order, line_number=1, quantity=Decimal("1"), unit_price=Decimal(amount))
    receivables_refresh(account_ids=[account.pk])  # factories write past the deals services


@pytest.fixture
def big_customer(account):
    CreditLimitFactory(account=account, amount=Decimal("100000000"))
    sell(account, "117271521.78", datetime.date(2026, 9, 1))  # refreshes the stored positions too
    return account


@pytest.mark.parametrize(
    ("language", "grouped", "compact", "date"),
    [
        ("en", "117,271,521.78", f"117.3{NBSP}M", "2026-09-01"),
        ("zh-hans", "117,271,521.78", f"1.17{NBSP}亿", "2026年9月1日"),
    ],
)
def test_pages_print_grouped_money_compact_tiers_and_local_dates(
    client, manager, big_customer, language, grouped, compact, date
):
    run = scoring.run_prepare(as_of=datetime.date(2026, 9, 30))
    scoring.run_execute(run_id=run.pk)
    client.force_login(manager)
    headers = {"HTTP_ACCEPT_LANGUAGE": language}

    credit = client.get(reverse("credit:overview"), **headers).content.decode()
    orders = client.get(reverse("deals:order_list"), **headers).content.decode()
    dashboard = client.get(reverse("dashboard:index"), **headers).content.decode()

    assert grouped in credit and "117271521.78" not in credit
    assert f"117.3{NBSP}%" in credit  # utilisation of the 100 000 000 limit
    assert grouped in orders and date in orders
    assert compact in dashboard  # the tier table's measure, where space is tight
    assert f'title="{grouped}"' in dashboard  # the exact figure on hover
    assert "117271521" not in dashboard


def test_a_date_field_shows_its_initial_date_in_iso_in_chinese(client, admin_user, account):
    """<input type="date"> takes only 2026-12-02: Django's Chinese input format 2026/12/02 left
    the limit's "effective from" (today by default) empty in Chinese."""
    client.force_login(admin_user)
    response = client.get(reverse("credit:limit_set", args=[account.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.status_code == 200
    assert "生效" in response.content.decode()  # the page is in Chinese
    field = re.search(r'<input type="date" name="effective_from" value="([^"]*)"', response.content.decode())
    assert field is not None and field.group(1) == timezone.localdate().isoformat()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["35.5 days", "1 day", f"35.1{NBSP}%", "CNY 1,234.50", "4 of 5", "—"]),
        ("zh-hans", ["35.5 天", "1 天", f"35.1{NBSP}%", "CNY 1,234.50", "4 / 5", "—"]),
    ],
)
def test_a_measure_carries_its_unit(language, expected):
    """The scoring tab's criteria: money, shares, days and ratings each say what they are."""
    template = Template(
        "{% load figures %}"
        '{{ days|measured:"days" }}|{{ one|measured:"days" }}|{{ share|measured:"share" }}'
        '|{{ amount|measured:"money" }}|{{ rating|measured:"rating" }}|{{ nothing|measured:"days" }}'
    )
    context = Context(
        {
            "days": Decimal("35.5"),
            "one": Decimal("1"),
            "share": Decimal("0.3512"),
            "amount": Decimal("1234.5"),
            "rating": Decimal("4.0000"),
            "nothing": None,
        }
    )
    with translation.override(language):
        assert template.render(context).split("|") == expected
