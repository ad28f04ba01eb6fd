"""The credit-limit hold, as the order services meet it: through deals.guards, asked after
the change is written, about the exposure the change leaves."""

from decimal import Decimal

import pytest

from credit import services
from credit.models import HoldOverride
from deals import guards
from deals.receivables import receivables_refresh
from tests.factories import CreditLimitFactory, OrderFactory, OrderLineFactory, PaymentFactory


@pytest.fixture
def limited_account(account):
    """Limit 100 000; one order of 70 000 with 10 000 paid: exposure 60 000."""
    CreditLimitFactory(account=account, amount=Decimal("100000"))
    order = OrderFactory(account=account)
    OrderLineFactory(order=order, quantity=Decimal("1"), unit_price=Decimal("70000"))
    PaymentFactory(order=order, amount=Decimal("10000"))
    return account


def credit_holds(account, amount, actor):
    """Write an order of ``amount`` past the services, then ask the guards as order_create does."""
    OrderLineFactory(order=OrderFactory(account=account), quantity=Decimal("1"), unit_price=Decimal(amount))
    receivables_refresh(account_ids=[account.pk])
    return [
        (guard.name, message)
        for guard, message in guards.holds_for(account=account, increase=Decimal(amount), actor=actor)
        if guard.name == "credit_limit"
    ]


def test_an_order_within_the_limit_passes(limited_account, rep):
    assert credit_holds(limited_account, Decimal("40000"), rep) == []


def test_an_order_over_the_limit_is_held_saying_by_how_much(limited_account, rep):
    [(_name, message)] = credit_holds(limited_account, Decimal("40000.01"), rep)
    assert "0.01 over its credit limit of CNY 100,000.00" in message
    assert "CNY 100,000.01" in message  # the exposure with the order

    [(_name, message)] = credit_holds(limited_account, Decimal("24999.99"), rep)
    assert "CNY 25,000.00 over its credit limit" in message


def test_a_change_that_lowers_what_is_owed_is_never_held(limited_account, rep):
    credit_holds(limited_account, Decimal("50000"), rep)  # now 10 000 over the limit
    assert credit_holds(limited_account, Decimal("-1000"), rep) == []


def test_an_account_without_a_limit_is_held_only_when_the_policy_says_so(account, rep, settings):
    assert credit_holds(account, Decimal("1"), rep) == []
    settings.CREDIT_POLICY = {"hold_without_limit": True}
    [(_name, message)] = credit_holds(account, Decimal("1"), rep)
    assert "CNY 2.00 over its credit limit of CNY 0.00" in message  # both orders of 1


def credit_guard() -> guards.OrderGuard:
    """The guard credit registered (in CreditConfig.ready)."""
    return guards._guards["credit_limit"]


def test_only_a_credit_approver_may_override(limited_account, rep, manager, credit_approver, admin_user):
    guard = credit_guard()
    assert [guard.may_override(user) for user in (rep, manager, credit_approver, admin_user)] == [
        False,
        False,
        True,
        True,
    ]


def test_an_override_is_recorded_with_who_why_and_the_figures(limited_account, credit_approver, rep):
    guard = credit_guard()
    order = OrderFactory(account=limited_account)
    OrderLineFactory(order=order, quantity=Decimal("1"), unit_price=Decimal("50000"))

    guard.record_override(
        account=limited_account, order=order, actor=credit_approver, reason="Paid by letter of credit"
    )

    override = HoldOverride.objects.get()
    assert (override.order, override.actor, override.reason) == (order, credit_approver, "Paid by letter of credit")
    assert (override.limit_amount, override.exposure) == (Decimal("100000"), Decimal("110000"))
    with pytest.raises(services.CreditError):
        guard.record_override(account=limited_account, order=order, actor=rep, reason="please")
    with pytest.raises(services.CreditError):
        guard.record_override(account=limited_account, order=order, actor=credit_approver, reason=" ")
    assert HoldOverride.objects.count() == 1
