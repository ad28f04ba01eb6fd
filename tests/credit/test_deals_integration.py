"""Credit meets deals: open opportunities in the exposure (when configured), and the hold as
the order service applies it."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from credit import selectors
from credit.models import HoldOverride
from credit.positions import positions_refresh
from deals.models import Order, PipelineStage
from deals.services import LineInput, OrderHeld, order_create
from tests.factories import CreditLimitFactory, OpportunityFactory, OrderFactory, OrderLineFactory, ProductFactory

TODAY = datetime.date(2026, 6, 30)


@pytest.fixture
def pipeline_account(account):
    """Receivables 1 000; open opportunities 10 000 at 40 % and 5 000 with its own 10 %; a won
    one (20 000) does not count. Weighted: 4 000 + 500 = 4 500."""
    OrderLineFactory(order=OrderFactory(account=account), quantity=Decimal("1"), unit_price=Decimal("1000"))
    open_stage = PipelineStage.objects.filter(outcome="open").order_by("position").first()
    open_stage.probability = 40
    open_stage.save(update_fields=["probability"])
    OpportunityFactory(account=account, stage=open_stage, amount=Decimal("10000"))
    OpportunityFactory(account=account, stage=open_stage, amount=Decimal("5000"), probability=10)
    won = PipelineStage.objects.filter(outcome="won").first()
    OpportunityFactory(account=account, stage=won, amount=Decimal("20000"))
    CreditLimitFactory(account=account, amount=Decimal("10000"))
    return account


@pytest.mark.parametrize(
    ("mode", "exposure"), [(None, Decimal("1000")), ("full", Decimal("16000")), ("weighted", Decimal("5500"))]
)
def test_open_opportunities_count_as_configured(pipeline_account, admin_user, settings, mode, exposure):
    settings.CREDIT_POLICY = {"opportunities": mode}
    positions_refresh(today=TODAY)  # factories write past the services; refresh as they would
    [row] = list(selectors.exposure_list(user=admin_user, today=TODAY))
    single = selectors.account_exposure(pipeline_account.pk, today=TODAY)
    assert row.exposure == single.exposure == exposure
    assert single.receivables == Decimal("1000")
    assert row.utilisation == exposure / Decimal("10000")


@pytest.fixture
def limited_account(account):
    CreditLimitFactory(account=account, amount=Decimal("100000"))
    OrderLineFactory(order=OrderFactory(account=account), quantity=Decimal("1"), unit_price=Decimal("60000"))
    return account


def new_order(account, actor, amount, number="H-1", **options):
    product = ProductFactory(unit_price=Decimal(amount))
    return order_create(
        account=account,
        actor=actor,
        number=number,
        order_date=TODAY,
        lines=[LineInput(product_id=product.pk, quantity=Decimal("1"))],
        **options,
    )


def test_the_order_service_holds_an_order_over_the_limit_saying_by_how_much(limited_account, rep):
    with pytest.raises(OrderHeld) as held:
        new_order(limited_account, rep, "50000")
    assert "CNY 10,000.00 over its credit limit of CNY 100,000.00" in held.value.messages[0]
    assert held.value.may_override is False
    assert not Order.objects.filter(number="H-1").exists()
    assert new_order(limited_account, rep, "40000", number="H-2").number == "H-2"  # within the limit


def test_a_rep_cannot_override_the_hold(limited_account, rep):
    with pytest.raises(PermissionDenied):
        new_order(limited_account, rep, "50000", override_reason="Customer promised")
    assert not HoldOverride.objects.exists()


def test_a_credit_approver_overrides_and_the_override_is_recorded(limited_account, credit_approver):
    order = new_order(limited_account, credit_approver, "50000", override_reason="Letter of credit received")

    override = HoldOverride.objects.get()
    assert (override.order, override.actor, override.reason) == (order, credit_approver, "Letter of credit received")
    assert (override.limit_amount, override.exposure) == (Decimal("100000"), Decimal("110000"))
