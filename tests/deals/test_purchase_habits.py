"""Purchase habits and receivables of an account, checked against a computation by hand."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from deals.models import OrderStatus, Product
from deals.selectors import account_orders_summary
from tests.factories import AccountFactory, OrderFactory, OrderLineFactory, PaymentFactory, ProductFactory


@pytest.fixture
def history(account, rep):
    """Four orders of ``account`` (one cancelled) and one of another account.

    | order | date       | lines                                   | amount |
    |-------|------------|-----------------------------------------|--------|
    | A     | 2026-01-01 | 2 × PUMP @100, 5 × SEAL @10             | 250    |
    | B     | 2026-01-31 | 1 × PUMP @100, 1 × SENSOR @200          | 300    |
    | C     | 2026-03-02 | 10 × SEAL @10, −1 × PUMP @100 (return)  | 0      |
    | X     | 2026-02-15 | 50 × SENSOR @200 — cancelled            | —      |

    SENSOR (margin 60 %) is the only high-profit product (≥ 40 %).
    """
    pump = ProductFactory(code="PUMP", category="Pumps", unit_price=Decimal("100"), unit_cost=Decimal("70"))
    seal = ProductFactory(code="SEAL", category="Spare parts", unit_price=Decimal("10"), unit_cost=Decimal("7"))
    sensor = ProductFactory(code="SENSOR", category="Sensors", unit_price=Decimal("200"), unit_cost=Decimal("80"))
    a = OrderFactory(account=account, order_date=datetime.date(2026, 1, 1), due_date=datetime.date(2026, 1, 31))
    OrderLineFactory(order=a, product=pump, quantity=Decimal("2"))
    OrderLineFactory(order=a, product=seal, quantity=Decimal("5"))
    b = OrderFactory(account=account, order_date=datetime.date(2026, 1, 31), due_date=datetime.date(2026, 3, 1))
    OrderLineFactory(order=b, product=pump, quantity=Decimal("1"))
    OrderLineFactory(order=b, product=sensor, quantity=Decimal("1"))
    c = OrderFactory(account=account, order_date=datetime.date(2026, 3, 2), due_date=datetime.date(2026, 4, 1))
    OrderLineFactory(order=c, product=seal, quantity=Decimal("10"))
    OrderLineFactory(order=c, product=pump, quantity=Decimal("-1"))
    x = OrderFactory(account=account, order_date=datetime.date(2026, 2, 15), status=OrderStatus.CANCELLED)
    OrderLineFactory(order=x, product=sensor, quantity=Decimal("50"))
    PaymentFactory(order=a, amount=Decimal("250"), paid_on=datetime.date(2026, 1, 30))
    PaymentFactory(order=b, amount=Decimal("100"), paid_on=datetime.date(2026, 3, 1))
    other = OrderFactory(account=AccountFactory(owner=rep), order_date=datetime.date(2026, 1, 5))
    OrderLineFactory(order=other, product=sensor, quantity=Decimal("9"))
    return {"a": a, "b": b, "c": c}


def test_purchase_habits_match_a_hand_computation(account, history):
    habits = account_orders_summary(account=account)[1]

    assert habits.first_purchase == datetime.date(2026, 1, 1)
    assert habits.last_purchase == datetime.date(2026, 3, 2)
    assert habits.orders == 3  # the cancelled order does not count
    assert habits.repeat_orders == 2
    assert habits.revenue == Decimal("550.00")  # 250 + 300 + 0
    assert habits.average_order_value == Decimal("183.33")  # 550 / 3
    assert habits.products == 3  # PUMP, SEAL, SENSOR
    assert habits.categories == 3
    assert habits.repeat_products == 2  # PUMP (A, B, C) and SEAL (A, C)
    assert habits.repeat_product_rate == Decimal("0.6667")
    assert habits.repeat_order_rate == Decimal("0.6667")  # B and C after A
    assert habits.average_days_between_orders == Decimal("30.0")  # 60 days (2026 is no leap year) / 2 gaps
    assert habits.high_profit_revenue == Decimal("200.00")  # one SENSOR in B
    assert habits.high_profit_share == Decimal("0.3636")  # 200 / 550


def test_an_account_without_orders_has_empty_habits(foreign_account):
    habits = account_orders_summary(account=foreign_account)[1]
    assert (habits.orders, habits.revenue, habits.products) == (0, Decimal("0"), 0)
    assert habits.first_purchase is None
    assert habits.average_order_value is None
    assert habits.repeat_product_rate is None
    assert habits.repeat_order_rate is None
    assert habits.high_profit_share is None


def test_receivables_match_a_hand_computation(account, history):
    receivables = account_orders_summary(account=account, today=datetime.date(2026, 3, 15))[0]

    assert receivables.amount == Decimal("550.00")
    assert receivables.paid == Decimal("350.00")
    assert receivables.outstanding == Decimal("200.00")  # B owes 200; C nets to zero
    assert receivables.open_orders == 1
    assert receivables.overdue == Decimal("200.00")  # B was due 2026-03-01
    assert receivables.overdue_orders == 1


def test_an_order_not_yet_due_is_outstanding_but_not_overdue(account, history):
    receivables = account_orders_summary(account=account, today=datetime.date(2026, 2, 20))[0]
    assert receivables.outstanding == Decimal("200.00")
    assert receivables.overdue == Decimal("0")


def test_the_high_profit_margin_is_configurable(account, history, settings):
    pump, sensor = Product.objects.get(code="PUMP"), Product.objects.get(code="SENSOR")
    assert (pump.is_high_profit, sensor.is_high_profit) == (False, True)  # 30 % and 60 % against 40 %

    settings.DEALS_HIGH_PROFIT_MARGIN = "0.30"

    assert pump.is_high_profit
    # PUMP and SEAL (both 30 %) now count too: every line of A, B and C, 550 in all.
    assert account_orders_summary(account=account)[1].high_profit_revenue == Decimal("550.00")
    settings.DEALS_HIGH_PROFIT_MARGIN = "0.61"
    assert account_orders_summary(account=account)[1].high_profit_revenue == Decimal("0")
