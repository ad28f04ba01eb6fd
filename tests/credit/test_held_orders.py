"""Orders over the limit wait on hold for a credit approver; returns and cancellations cannot
game the limit: the hold judges the exposure every change leaves, not the sign of an order."""

from __future__ import annotations

import contextlib
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from credit import holds, selectors
from credit.models import CreditHold, HoldOverride, HoldStatus
from credit.services import CreditError
from deals.models import Order, OrderStatus
from deals.services import LineInput, order_cancel, order_create, payment_record
from scoring import services as scoring
from scoring.models import RunTrigger, ScoringResult
from tests.factories import CreditHoldFactory, CreditLimitFactory, ProductFactory
from users.models import Notification

DAY = datetime.date(2026, 3, 2)


def enter(account, actor, product, quantity, *, number, unit_price=None, return_of=None):
    return order_create(
        account=account,
        actor=actor,
        number=number,
        order_date=DAY,
        lines=[LineInput(product_id=product.pk, quantity=Decimal(quantity), unit_price=unit_price)],
        return_of=return_of,
    )


def confirmed_exposure(account) -> Decimal:
    """What the account owes on orders that went through (confirmed), on hold left out."""
    orders = Order.objects.filter(account=account, status=OrderStatus.CONFIRMED).with_balance()
    return sum((order.outstanding for order in orders), Decimal("0"))


def test_the_return_bypass_ends_held_or_refused_never_over_the_limit_unreleased(account, rep):
    """The reported sequence: at its limit, a "return" of −1 × 600 000, the held order, then
    the return cancelled. Today's code let it end at 402 668 against 300 000, unrecorded."""
    CreditLimitFactory(account=account, amount=Decimal("300000"))
    stock = ProductFactory(unit_price=Decimal("297332"))
    enter(account, rep, stock, "1", number="SO-1")
    refund = ProductFactory(unit_price=Decimal("600000"))
    extra = ProductFactory(unit_price=Decimal("105336"))

    def bare(product, quantity, number):  # what the order form sends: no order to return
        line = LineInput(product_id=product.pk, quantity=Decimal(quantity))
        return order_create(account=account, actor=rep, number=number, order_date=DAY, lines=[line])

    steps = [
        lambda: bare(refund, "-1", "RET-1"),
        lambda: bare(extra, "1", "SO-2"),
        lambda: order_cancel(order=Order.objects.get(number="RET-1"), actor=rep, reason="Entered by mistake"),
    ]
    for step in steps:
        with contextlib.suppress(ValidationError, Order.DoesNotExist):  # refused: nothing written
            step()

    assert confirmed_exposure(account) <= Decimal("300000")
    assert not CreditHold.objects.filter(status=HoldStatus.RELEASED).exists()
    assert not HoldOverride.objects.exists()
    assert Order.objects.get(number="SO-2").status == OrderStatus.ON_HOLD


@pytest.fixture
def at_the_limit(account, rep):
    """Limit 300 000; five pumps sold at 60 000 each: exposure 300 000."""
    CreditLimitFactory(account=account, amount=Decimal("300000"))
    pump = ProductFactory(unit_price=Decimal("60000"))
    return account, pump, enter(account, rep, pump, "5", number="SO-1")


def test_cancelling_a_return_is_held_like_an_order_only_an_approver_may_let_it_through(at_the_limit, rep, admin_user):
    account, pump, sale = at_the_limit
    credit_note = enter(account, rep, pump, "-2", number="RET-1", return_of=sale)  # exposure 180 000
    assert credit_note.status == OrderStatus.CONFIRMED
    assert enter(account, rep, ProductFactory(unit_price=Decimal("100000")), "1", number="SO-2").status == (
        OrderStatus.CONFIRMED
    )  # 280 000

    with pytest.raises(ValidationError, match="over its credit limit"):
        order_cancel(order=credit_note, actor=rep, reason="Customer kept the pumps")
    credit_note.refresh_from_db()
    assert credit_note.status == OrderStatus.CONFIRMED
    assert selectors.account_exposure(account.pk).exposure == Decimal("280000.00")

    order_cancel(order=credit_note, actor=admin_user, reason="Customer kept the pumps; paid by guarantee")
    override = HoldOverride.objects.get()
    assert (override.order, override.actor, override.exposure) == (credit_note, admin_user, Decimal("400000.00"))


def test_a_return_lowers_the_exposure_and_is_never_held(at_the_limit, rep):
    account, pump, sale = at_the_limit
    enter(account, rep, ProductFactory(unit_price=Decimal("1")), "1", number="SO-2")  # held: 300 001
    assert enter(account, rep, pump, "-1", number="RET-1", return_of=sale).status == OrderStatus.CONFIRMED
    assert CreditHold.objects.count() == 1


@pytest.fixture
def held(at_the_limit, rep):
    account, _pump, _sale = at_the_limit
    order = enter(account, rep, ProductFactory(unit_price=Decimal("50000")), "1", number="SO-2")
    return CreditHold.objects.get(order=order)


def test_a_credit_approver_releases_a_held_order_with_a_reason_and_it_is_recorded(held, credit_approver, rep):
    holds.hold_release(hold=held, actor=credit_approver, reason="Letter of credit received")

    held.refresh_from_db()
    assert (held.status, held.decided_by, held.reason) == (
        HoldStatus.RELEASED,
        credit_approver,
        "Letter of credit received",
    )
    assert held.decided_at is not None
    order = Order.objects.get(pk=held.order_id)
    assert order.status == OrderStatus.CONFIRMED
    assert "Letter of credit received" in order.notes
    assert Notification.objects.filter(recipient=rep, key=f"credit:hold:{held.pk}:decision").exists()


def test_a_rejected_held_order_is_cancelled_and_leaves_the_exposure(held, admin_user):
    holds.hold_reject(hold=held, actor=admin_user, reason="Customer is overdue elsewhere")

    assert Order.objects.get(pk=held.order_id).status == OrderStatus.CANCELLED
    assert CreditHold.objects.get().status == HoldStatus.REJECTED
    assert selectors.account_exposure(held.account_id).exposure == Decimal("300000.00")


def test_only_a_credit_approver_decides_once_and_with_a_reason(held, rep, manager, credit_approver):
    for person in (rep, manager):
        with pytest.raises(CreditError, match="Only a credit approver"):
            holds.hold_release(hold=held, actor=person, reason="Good customer")
    with pytest.raises(CreditError, match="reason"):
        holds.hold_release(hold=held, actor=credit_approver, reason=" ")
    holds.hold_reject(hold=held, actor=credit_approver, reason="No")
    with pytest.raises(CreditError, match="already been decided"):
        holds.hold_release(hold=held, actor=credit_approver, reason="Changed my mind")
    assert Order.objects.get(pk=held.order_id).status == OrderStatus.CANCELLED


def test_a_held_order_takes_no_payment_and_is_not_cancelled_by_the_rep(held, rep):
    order = Order.objects.get(pk=held.order_id)
    with pytest.raises(ValidationError, match="on hold takes no payments"):
        payment_record(order=order, actor=rep, amount=Decimal("10"))
    with pytest.raises(ValidationError, match="on hold"):
        order_cancel(order=order, actor=rep, reason="Never mind")


def test_a_held_order_counts_in_the_exposure_but_is_a_sale_only_once_released(held, credit_approver):
    assert selectors.account_exposure(held.account_id).exposure == Decimal("350000.00")

    def measure():
        scoring.rescore(as_of=datetime.date(2026, 6, 30), trigger=RunTrigger.COMMAND)
        return ScoringResult.objects.filter(account_id=held.account_id).latest("run_id").measure

    assert measure() == Decimal("300000")
    holds.hold_release(hold=held, actor=credit_approver, reason="Paid in advance")
    assert measure() == Decimal("350000")


def test_the_approver_releases_and_rejects_from_the_held_orders_page(client, held, rep, credit_approver, account):
    second = enter(account, rep, ProductFactory(unit_price=Decimal("7")), "1", number="SO-3")
    client.force_login(credit_approver)
    page = client.get(reverse("credit:holds"))
    assert [hold.order.number for hold in page.context["holds"]] == ["SO-2", "SO-3"]
    assert "350,000.00" in page.content.decode()  # the exposure with the order
    assert reverse("credit:holds") in client.get(reverse("credit:overview")).content.decode()  # in the menu

    released = client.post(
        reverse("credit:hold_decide", args=[held.pk]), {"decision": "release", "reason": "Guarantee on file"}
    )
    rejected = client.post(
        reverse("credit:hold_decide", args=[second.credit_hold.pk]), {"decision": "reject", "reason": "Too risky"}
    )

    assert (released.status_code, rejected.status_code) == (302, 302)
    assert dict(Order.objects.filter(number__in=["SO-2", "SO-3"]).values_list("number", "status")) == {
        "SO-2": OrderStatus.CONFIRMED,
        "SO-3": OrderStatus.CANCELLED,
    }
    assert list(client.get(reverse("credit:holds")).context["holds"]) == []
    panel = client.get(reverse("credit:account_panel", args=[account.pk])).content.decode()
    assert "Guarantee on file" in panel and "Too risky" in panel
    order_page = client.get(reverse("deals:order_detail", args=[held.order_id])).content.decode()
    assert "Released by" in order_page and "Guarantee on file" in order_page


def test_a_rep_may_not_release_nor_see_the_held_orders(client, held, rep, manager):
    for person in (rep, manager):
        client.force_login(person)
        assert client.get(reverse("credit:holds")).status_code == 403
        response = client.post(reverse("credit:hold_decide", args=[held.pk]), {"decision": "release", "reason": "x"})
        assert response.status_code == 403
    assert CreditHold.objects.get().status == HoldStatus.PENDING


def test_a_decision_without_a_reason_changes_nothing(client, held, credit_approver):
    client.force_login(credit_approver)
    response = client.post(reverse("credit:hold_decide", args=[held.pk]), {"decision": "release"}, follow=True)
    assert "give the reason" in response.content.decode()
    assert CreditHold.objects.get().status == HoldStatus.PENDING


@pytest.mark.parametrize("waiting", [1, 10])
def test_the_held_orders_page_runs_a_fixed_number_of_queries(
    client, account, rep, credit_approver, waiting, django_assert_num_queries
):
    CreditLimitFactory(account=account, amount=Decimal("1"))
    product = ProductFactory(unit_price=Decimal("5"))
    for number in range(waiting):
        enter(account, rep, product, "1", number=f"SO-{number}")
    client.force_login(credit_approver)
    # session, user, count, the page of holds with accounts, owners, orders, people and amounts
    with django_assert_num_queries(4):
        assert client.get(reverse("credit:holds")).status_code == 200


def test_a_page_past_the_end_of_the_held_orders_shows_the_last_page(client, credit_approver, account):
    CreditHoldFactory(account=account)
    client.force_login(credit_approver)
    response = client.get(reverse("credit:holds"), {"page": "999"})
    assert response.status_code == 200
    assert len(response.context["holds"]) == 1
