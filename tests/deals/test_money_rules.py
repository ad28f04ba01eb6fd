"""The rounding rule and the balance of an order (``accounts.money``, ``deals.figures``):
amounts are rounded to the cent at the line, a balance under half a cent is settled, a paid
or cancelled order is never outstanding or overdue, and a write-off settles orders."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from accounts.money import LineAmount, format_money, to_cents
from credit import services as credit_services
from deals import selectors, services
from deals.models import AccountReceivable, Order, OrderLine, Product
from deals.services import LineInput
from tests.factories import OrderFactory, OrderLineFactory, ProductFactory

LONG_AGO = datetime.date(2025, 1, 1)


def order_of(account, actor, quantity: str, price: str, *, number: str = "SO-1", on=LONG_AGO) -> Order:
    product = ProductFactory(unit_price=Decimal(price))
    return services.order_create(
        account=account,
        actor=actor,
        number=number,
        order_date=on,
        due_date=on + datetime.timedelta(days=30),
        lines=[LineInput(product_id=product.pk, quantity=Decimal(quantity), unit_price=Decimal(price))],
    )


@pytest.mark.parametrize("price", ["11478.72", "1234.56", "0.10", "100.00"])
def test_mark_paid_settles_any_cent_amount(account, rep, price):
    order = order_of(account, rep, "1", price)

    payment = services.order_mark_paid(order=order, actor=rep)

    assert payment.amount == Decimal(price)
    assert Order.objects.with_balance().get(pk=order.pk).outstanding == 0


def test_mark_paid_on_the_order_page_works_for_a_real_amount(client, account, rep):
    order = order_of(account, rep, "1", "11478.72")
    client.force_login(rep)

    response = client.post(reverse("deals:order_mark_paid", args=[order.pk]))

    assert response.status_code == 302
    assert order.payments.get().amount == Decimal("11478.72")


def test_a_line_is_rounded_to_the_cent_and_a_paid_order_is_settled_everywhere(account, rep):
    order = order_of(account, rep, "3", "33.3337")  # 100.0011 → 100.00

    assert Order.objects.with_balance().get(pk=order.pk).amount == Decimal("100.00")
    services.order_mark_paid(order=order, actor=rep)

    stored = AccountReceivable.objects.get(account=account)
    assert (stored.outstanding, stored.oldest_unpaid_due) == (Decimal("0.00"), None)
    receivables, _habits = selectors.account_orders_summary(account=account)
    assert (receivables.outstanding, receivables.overdue, receivables.overdue_orders) == (0, 0, 0)
    assert not selectors.order_list(user=rep, open_only=True).exists()
    assert not selectors.order_list(user=rep).get().is_overdue


def test_a_paid_order_does_not_open_a_payments_overdue_review(account, rep):
    order = order_of(account, rep, "3", "33.3337")
    services.order_mark_paid(order=order, actor=rep)

    assert credit_services.reviews_open_due() == []


def test_a_paid_order_is_not_on_the_overdue_filter_of_the_credit_overview(client, account, rep, credit_approver):
    order = order_of(account, rep, "3", "33.3337")
    services.order_mark_paid(order=order, actor=rep)
    client.force_login(credit_approver)

    page = client.get(reverse("credit:overview"), {"overdue": "on"}).content.decode()

    assert account.name not in page


def test_a_cancelled_order_owes_nothing_on_any_page(account, rep):
    order = order_of(account, rep, "1", "92098.65")
    services.order_cancel(order=order, actor=rep, reason="Entered twice")

    assert Order.objects.with_balance().get(pk=order.pk).outstanding == 0
    assert selectors.order_detail(user=rep, pk=order.pk).outstanding == 0
    receivables, habits = selectors.account_orders_summary(account=account)
    assert (receivables.outstanding, habits.orders) == (0, 0)
    assert AccountReceivable.objects.get(account=account).outstanding == 0
    assert selectors.order_list(user=rep).get().outstanding == 0


def test_a_write_off_settles_the_oldest_orders_first(account, rep, credit_approver):
    first = order_of(account, rep, "1", "300.00", number="SO-1", on=datetime.date(2025, 1, 1))
    second = order_of(account, rep, "1", "500.00", number="SO-2", on=datetime.date(2025, 3, 1))

    credit_services.write_off_record(
        account=account, actor=credit_approver, amount=Decimal("400.00"), written_off_on=timezone.localdate(),
        reason="Insolvent",
    )  # fmt: skip

    balances = dict(Order.objects.with_balance().values_list("pk", "outstanding"))
    assert balances == {first.pk: Decimal("0.00"), second.pk: Decimal("400.00")}
    receivables, _habits = selectors.account_orders_summary(account=account)
    assert (receivables.outstanding, receivables.overdue, receivables.written_off) == (400, 400, 400)
    assert AccountReceivable.objects.get(account=account).outstanding == Decimal("400.00")
    assert selectors.order_detail(user=rep, pk=second.pk).outstanding == Decimal("400.00")


def test_repeat_orders_and_the_repeat_order_rate_agree(account, rep):
    for number in ("SO-1", "SO-2", "SO-3", "SO-4"):
        order_of(account, rep, "1", "10.00", number=number)

    _receivables, habits = selectors.account_orders_summary(account=account)

    assert (habits.orders, habits.repeat_orders, habits.repeat_order_rate) == (4, 3, Decimal("0.75"))


def test_a_product_without_a_cost_has_an_unknown_margin_and_is_not_high_profit(db):
    product = ProductFactory(unit_price=Decimal("10"), unit_cost=Decimal("0"))

    assert product.margin is None
    assert not product.is_high_profit
    assert product not in selectors.product_list(high_profit_only=True)


def test_money_is_formatted_grouped_with_two_decimals():
    assert format_money(Decimal("1234567.5")) == "1,234,567.50"
    assert format_money(None) == "—"


# Lines up to 10¹¹: the rule is exact on SQLite up to 9 × 10¹¹ per line (accounts/money.py).
@settings(max_examples=60, deadline=None)
@given(
    quantity=st.decimals(min_value=Decimal("-9999"), max_value=Decimal("9999"), places=3),
    price=st.decimals(min_value=Decimal("0"), max_value=Decimal("9999999"), places=4),
)
@pytest.mark.django_db
def test_the_database_rounds_a_line_as_python_does(quantity, price):
    line = OrderLineFactory(order=OrderFactory(), quantity=quantity, unit_price=price)

    in_sql = OrderLine.objects.annotate(total=LineAmount("quantity", "unit_price")).get(pk=line.pk).total

    assert in_sql == to_cents(quantity * price) == line.amount
    OrderLine.objects.all().delete()
    Order.objects.all().delete()
    Product.objects.all().delete()
