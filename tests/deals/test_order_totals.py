"""An order's amount, cost, profit, paid and outstanding are derived from lines and payments."""

from decimal import Decimal

from deals.models import Order
from tests.factories import OrderFactory, OrderLineFactory, PaymentFactory, ProductFactory


def test_totals_come_from_lines_returns_and_payments(account):
    order = OrderFactory(account=account)
    pump = ProductFactory(unit_price=Decimal("250.00"), unit_cost=Decimal("150.00"))
    OrderLineFactory(order=order, product=pump, quantity=Decimal("4"))  # 1000 / cost 600
    OrderLineFactory(order=order, product=pump, quantity=Decimal("-1"))  # a return: -250 / -150
    PaymentFactory(order=order, amount=Decimal("300.00"))
    PaymentFactory(order=order, amount=Decimal("200.00"))

    totals = Order.objects.with_totals().get(pk=order.pk)

    assert totals.amount == Decimal("750.00")
    assert totals.cost == Decimal("450.00")
    assert totals.profit == Decimal("300.00")
    assert totals.paid == Decimal("500.00")
    assert totals.outstanding == Decimal("250.00")


def test_an_order_without_lines_or_payments_totals_zero(account):
    totals = Order.objects.with_totals().get(pk=OrderFactory(account=account).pk)
    assert (totals.amount, totals.paid, totals.outstanding) == (0, 0, 0)


def test_orders_inherit_their_accounts_visibility(account, foreign_account, rep, other_rep):
    mine = OrderFactory(account=account)
    theirs = OrderFactory(account=foreign_account)
    assert list(Order.objects.visible_to(rep)) == [mine]
    assert list(Order.objects.visible_to(other_rep)) == [theirs]
