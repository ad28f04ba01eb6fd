"""An account's figures (``order_figures``, one pass over each table) are the sums of its orders'
balances as ``with_balance`` defines them, order by order."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from deals.figures import OrderFigures, order_figures
from deals.models import Order, OrderStatus, OrderWriteOff
from tests.factories import AccountFactory, OrderFactory, OrderLineFactory, PaymentFactory

TODAY = datetime.date(2026, 6, 1)
WINDOW_DAYS = 365


def from_balances(account) -> OrderFigures:
    """The figures summed in Python over ``with_balance``, the per-order definition."""
    orders = list(Order.objects.filter(account=account).effective().with_balance())
    owing = [order for order in orders if order.outstanding > 0]
    overdue = [order for order in owing if order.due_date and order.due_date < TODAY]
    window_start = TODAY - datetime.timedelta(days=WINDOW_DAYS)

    def aged(low: int, high: int | None) -> Decimal:
        late = [(order, (TODAY - order.due_date).days) for order in overdue]
        return sum((o.outstanding for o, days in late if low <= days and (high is None or days <= high)), Decimal(0))

    return OrderFigures(
        total_amount=sum((order.amount for order in orders), Decimal(0)),
        total_paid=sum((order.paid for order in orders), Decimal(0)),
        total_written_off=sum((order.written_off for order in orders), Decimal(0)),
        outstanding=sum((order.outstanding for order in orders), Decimal(0)),
        open_orders=len(owing),
        oldest_unpaid_due=min((order.due_date for order in owing if order.due_date), default=None),
        overdue_amount=sum((order.outstanding for order in overdue), Decimal(0)),
        overdue_orders=len(overdue),
        oldest_due=min((order.due_date for order in overdue), default=None),
        not_due_amount=sum((order.outstanding for order in owing if order not in overdue), Decimal(0)),
        overdue_1_30=aged(1, 30),
        overdue_31_90=aged(31, 90),
        overdue_over_90=aged(91, None),
        sales_window=sum((order.amount for order in orders if order.order_date > window_start), Decimal(0)),
        orders=len(orders),
        first_order=min(order.order_date for order in orders),
        last_order=max(order.order_date for order in orders),
    )


def order(account, days_ago: int, lines: list[tuple[str, str]], *, paid: str = "0", written_off: str = "0", **fields):
    placed = OrderFactory(account=account, order_date=TODAY - datetime.timedelta(days=days_ago), **fields)
    for quantity, price in lines:
        OrderLineFactory(order=placed, quantity=Decimal(quantity), unit_price=Decimal(price))
    if paid != "0":
        PaymentFactory(order=placed, amount=Decimal(paid))
    if written_off != "0":
        OrderWriteOff.objects.create(order=placed, amount=Decimal(written_off), written_off_on=TODAY)
    return placed


@pytest.mark.django_db
def test_the_account_figures_are_the_sums_of_each_orders_balance():
    account, other = AccountFactory(), AccountFactory()
    order(account, 400, [("3", "33.3337")], paid="100.00")  # paid in full, out of the window
    order(account, 200, [("2", "10.005"), ("1.5", "7.3333")], paid="5.00")  # overdue, partly paid
    order(account, 90, [("1", "500")], written_off="120.50")  # overdue, partly written off
    order(account, 45, [("1", "80")])  # overdue by 15 days (due after 30)
    order(account, 60, [("1", "60")], due_date=TODAY - datetime.timedelta(days=31))  # 31 days: the second bucket
    order(account, 10, [("4", "12.4999")], due_date=TODAY + datetime.timedelta(days=20))  # owing, not due
    order(account, 5, [("1", "99.99")], due_date=None)  # owing without a due date
    order(account, 50, [("1", "1000")], status=OrderStatus.CANCELLED)  # owes nothing, counts nowhere
    order(account, 30, [])  # no lines: nothing owed
    order(other, 100, [("1", "70")])

    figures = order_figures(account_ids=[account.pk, other.pk], today=TODAY, window_days=WINDOW_DAYS)

    assert figures[account.pk] == from_balances(account)
    assert figures[other.pk] == from_balances(other)
    assert figures[account.pk].overdue_orders == 4 and figures[account.pk].orders == 8
    ageing = figures[account.pk]
    assert ageing.overdue_1_30 + ageing.overdue_31_90 + ageing.overdue_over_90 == ageing.overdue_amount
    assert ageing.overdue_1_30 > 0 and ageing.overdue_31_90 > 0 and ageing.overdue_over_90 > 0
    assert order_figures(account_ids=None, today=TODAY, window_days=WINDOW_DAYS) == figures
