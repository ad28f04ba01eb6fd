"""Credit meets deals: open opportunities in the exposure (when configured), and the hold as
the order service applies it."""

import datetime
from decimal import Decimal

import pytest

from credit import selectors
from credit.models import CreditHold, HoldOverride, HoldStatus
from credit.positions import positions_refresh
from deals.models import OrderStatus, PipelineStage
from deals.services import LineInput, order_create
from tests.factories import CreditLimitFactory, OpportunityFactory, OrderFactory, OrderLineFactory, ProductFactory
from users.models import Notification, Role

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


def test_an_order_over_the_limit_is_saved_on_hold_with_the_figures_and_the_approvers_told(
    limited_account, rep, credit_approver
):
    order = new_order(limited_account, rep, "50000")

    assert order.status == OrderStatus.ON_HOLD
    hold = CreditHold.objects.get()
    assert (hold.order, hold.held_by, hold.status) == (order, rep, HoldStatus.PENDING)
    assert (hold.exposure, hold.limit_amount) == (Decimal("110000.00"), Decimal("100000.00"))
    assert "CNY 10,000.00 over its credit limit of CNY 100,000.00" in hold.message
    told = Notification.objects.filter(key=f"credit:hold:{hold.pk}")
    assert credit_approver.pk in told.values_list("recipient", flat=True)
    assert set(told.values_list("recipient__role", flat=True)) == {Role.CREDIT_APPROVER}
    # The held order counts in the exposure, so the next one is held too.
    assert selectors.account_exposure(limited_account.pk).exposure == Decimal("110000.00")
    assert new_order(limited_account, rep, "1", number="H-2").status == OrderStatus.ON_HOLD


def test_an_order_within_the_limit_is_confirmed_and_nothing_is_held(limited_account, rep):
    assert new_order(limited_account, rep, "40000").status == OrderStatus.CONFIRMED
    assert not CreditHold.objects.exists()
    assert not HoldOverride.objects.exists()
