"""Two orders for one account are serialised, so a credit guard sees the first before the second."""

from __future__ import annotations

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection, transaction

from accounts.models import Account
from deals import guards
from deals.models import Order, OrderLine, OrderStatus
from deals.services import LineInput, order_create
from tests.factories import ProductFactory

LIMIT = Decimal("150.00")


def exposure(account) -> Decimal:
    """What the account owes, the order being checked included (guards run after the write)."""
    lines = OrderLine.objects.filter(order__account=account)
    return sum((line.quantity * line.unit_price for line in lines), Decimal("0"))


@pytest.fixture
def credit_limit(monkeypatch):
    """A guard like credit's: holds an order that would take the account over LIMIT."""

    def check(*, account, increase, actor):
        return "over the limit" if exposure(account) > LIMIT else None

    guard = guards.OrderGuard("test-limit", check, lambda **kwargs: None, lambda **kwargs: None, lambda user: False)
    monkeypatch.setitem(guards._guards, guard.name, guard)  # taken away again after the test


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_second_order_waits_for_the_first_and_is_held_by_the_limit(rep, account, credit_limit):
    pump = ProductFactory(unit_price=Decimal("100.00"))
    first_has_lock = threading.Event()
    release_first = threading.Event()
    outcomes = {}

    def place(name, *, pause):
        try:
            with transaction.atomic():
                if pause:
                    # Take the account lock as order_create does, then hold it a while.
                    Account.objects.select_for_update().get(pk=account.pk)
                    first_has_lock.set()
                    release_first.wait(5)
                order = order_create(
                    account=account,
                    actor=rep,
                    number=name,
                    order_date=datetime.date(2026, 3, 1),
                    lines=[LineInput(product_id=pump.pk, quantity=Decimal("1"))],
                )
            outcomes[name] = order.status
        finally:
            connection.close()

    first = threading.Thread(target=place, args=("A",), kwargs={"pause": True})
    first.start()
    assert first_has_lock.wait(5)
    second = threading.Thread(target=place, args=("B",), kwargs={"pause": False})
    second.start()
    second.join(0.5)
    assert second.is_alive(), "the second order must wait for the first one's lock"
    release_first.set()
    first.join(10)
    second.join(10)

    # 100 + 100 > 150: without the lock both would have seen an exposure of 0.
    assert outcomes == {"A": OrderStatus.CONFIRMED, "B": OrderStatus.ON_HOLD}
    assert dict(Order.objects.values_list("number", "status")) == outcomes
