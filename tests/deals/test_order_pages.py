"""Order entry in the browser, payments, and the account page's orders panel."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from deals import guards
from deals.models import Order, OrderStatus, Payment, PipelineStage
from tests.factories import (
    AccountFactory,
    OpportunityFactory,
    OrderFactory,
    OrderLineFactory,
    PaymentFactory,
    ProductFactory,
)


def order_post(products, *, number="SO-100", return_of="", extra_lines=()):
    lines = [(products[0], "3", ""), (products[1], "2", "45.50"), (products[2], "1", ""), *extra_lines]
    data = {
        "number": number,
        "order_date": "2026-03-02",
        "due_date": "",
        "notes": "",
        "return_of": return_of,
        "lines-TOTAL_FORMS": str(len(lines) + 1),
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "100",
    }
    for index, (product, quantity, price) in enumerate(lines):
        data |= {
            f"lines-{index}-product": product.code,
            f"lines-{index}-quantity": quantity,
            f"lines-{index}-unit_price": price,
        }
    data |= {
        f"lines-{len(lines)}-product": "",
        f"lines-{len(lines)}-quantity": "",
        f"lines-{len(lines)}-unit_price": "",
    }
    return data


@pytest.fixture
def products(db):
    return [
        ProductFactory(code="PUMP", unit_price=Decimal("100.00"), unit_cost=Decimal("60.00")),
        ProductFactory(code="VALVE", unit_price=Decimal("50.00"), unit_cost=Decimal("20.00")),
        ProductFactory(code="SEAL", unit_price=Decimal("10.00"), unit_cost=Decimal("4.00")),
    ]


def test_rep_enters_an_order_with_three_lines_and_sees_it_on_the_account_page(client, rep, account, products):
    client.force_login(rep)
    form = client.get(reverse("deals:order_create", args=[account.pk]))
    assert form.status_code == 200

    response = client.post(reverse("deals:order_create", args=[account.pk]), order_post(products))

    order = Order.objects.with_totals().get(account=account, number="SO-100")
    assert response.status_code == 302
    assert response["Location"] == reverse("deals:order_detail", args=[order.pk])
    # 3 × 100 + 2 × 45.50 + 1 × 10 = 401; cost 3 × 60 + 2 × 20 + 4 = 224
    assert order.amount == Decimal("401.00")
    assert order.profit == Decimal("177.00")
    assert order.outstanding == Decimal("401.00")
    assert order.due_date == datetime.date(2026, 4, 1)
    assert order.created_by == rep
    assert list(order.lines.values_list("line_number", "product__code", "unit_cost")) == [
        (1, "PUMP", Decimal("60.0000")),
        (2, "VALVE", Decimal("20.0000")),
        (3, "SEAL", Decimal("4.0000")),
    ]
    panel = client.get(reverse("deals:account_panel", args=[account.pk]))
    assert panel.context["receivables"].outstanding == Decimal("401.00")
    assert "SO-100" in panel.content.decode()
    detail = client.get(response["Location"]).content.decode()
    assert 'id="order-amount">401.00' in detail
    assert 'id="order-profit">177.00' in detail


def test_marking_an_order_paid_settles_the_accounts_receivables(client, rep, account, products):
    client.force_login(rep)
    client.post(reverse("deals:order_create", args=[account.pk]), order_post(products))
    order = Order.objects.get(number="SO-100")

    client.post(reverse("deals:order_mark_paid", args=[order.pk]))

    payment = Payment.objects.get(order=order)
    assert (payment.amount, payment.paid_on, payment.recorded_by) == (Decimal("401.00"), timezone.localdate(), rep)
    receivables = client.get(reverse("deals:account_panel", args=[account.pk])).context["receivables"]
    assert (receivables.outstanding, receivables.paid, receivables.open_orders) == (Decimal("0"), Decimal("401.00"), 0)
    # Marking it paid again changes nothing.
    response = client.post(reverse("deals:order_mark_paid", args=[order.pk]), follow=True)
    assert Payment.objects.filter(order=order).count() == 1
    assert "owes nothing" in response.content.decode()


def test_a_partial_payment_lowers_outstanding_and_an_overpayment_is_refused(client, rep, account):
    order = OrderFactory(account=account, order_date=datetime.date(2026, 1, 1), due_date=datetime.date(2026, 1, 31))
    OrderLineFactory(order=order, quantity=Decimal("2"))  # 200.00
    client.force_login(rep)

    client.post(reverse("deals:payment_create", args=[order.pk]), {"amount": "150.00", "paid_on": "2026-02-03"})
    too_much = client.post(
        reverse("deals:payment_create", args=[order.pk]), {"amount": "60.00", "paid_on": "2026-02-04"}
    )

    assert too_much.status_code == 400
    assert Order.objects.with_totals().get(pk=order.pk).outstanding == Decimal("50.00")
    receivables = client.get(reverse("deals:account_panel", args=[account.pk])).context["receivables"]
    assert receivables.overdue == Decimal("50.00")
    assert receivables.overdue_orders == 1


def test_an_order_number_is_unique_per_account(client, rep, account, products):
    OrderFactory(account=account, number="SO-100")
    client.force_login(rep)
    response = client.post(reverse("deals:order_create", args=[account.pk]), order_post(products))
    assert response.status_code == 200
    assert "already has an order with this number" in response.content.decode()
    assert Order.objects.filter(account=account).count() == 1


def test_an_unknown_product_code_is_refused(client, rep, account, products):
    client.force_login(rep)
    data = order_post(products)
    data["lines-1-product"] = "NOPE"
    response = client.post(reverse("deals:order_create", args=[account.pk]), data)
    assert "No active product has this code." in response.content.decode()
    assert not Order.objects.exists()


def test_an_order_without_lines_is_refused(client, rep, account, products):
    client.force_login(rep)
    data = order_post(products)
    for key in list(data):
        if key.startswith("lines-") and key[6].isdigit():
            data[key] = ""
    response = client.post(reverse("deals:order_create", args=[account.pk]), data)
    assert "An order needs at least one line." in response.content.decode()
    assert not Order.objects.exists()


@pytest.fixture
def hold_everything(monkeypatch):
    """A guard like credit's limit hold that holds every order; records what it holds."""
    held = []
    guard = guards.OrderGuard(
        name="test-hold",
        check=lambda *, account, increase, actor: f"over the limit by {increase}",
        record_hold=lambda **kwargs: held.append(kwargs),
        record_override=lambda **kwargs: None,
        may_override=lambda user: False,
    )
    monkeypatch.setitem(guards._guards, guard.name, guard)  # taken away again after the test
    return held


def test_a_held_order_is_saved_on_hold_and_the_guard_keeps_it(client, rep, account, products, hold_everything):
    client.force_login(rep)
    response = client.post(reverse("deals:order_create", args=[account.pk]), order_post(products), follow=True)

    order = Order.objects.get(number="SO-100")
    assert order.status == OrderStatus.ON_HOLD
    assert hold_everything == [
        {"account": account, "order": order, "actor": rep, "message": "over the limit by 401.00"}
    ]
    page = response.content.decode()
    assert "saved on hold for a credit approver" in page
    assert "waits for a credit approver to release or reject it" in page
    assert "Record a payment" not in page  # a held order takes no payments


def test_order_list_of_one_account(client, rep, account, foreign_account):
    OrderFactory(account=account, number="MINE-1")
    OrderFactory(account=AccountFactory(owner=rep), number="OTHER-1")
    OrderFactory(account=foreign_account, number="THEIRS-1")
    client.force_login(rep)
    response = client.get(reverse("deals:order_list"), {"account": account.pk})
    assert [order.number for order in response.context["orders"]] == ["MINE-1"]
    assert client.get(reverse("deals:order_list"), {"account": foreign_account.pk}).status_code == 404


def test_the_panel_lists_the_accounts_open_opportunities(client, rep, account):
    OpportunityFactory(account=account, name="Retrofit")
    OpportunityFactory(account=account, name="Old win", stage=PipelineStage.objects.get(name="Won"))
    client.force_login(rep)
    response = client.get(reverse("deals:account_panel", args=[account.pk]))
    assert [o.name for o in response.context["opportunities"]] == ["Retrofit"]


def test_order_list_pages_forward_and_back(client, rep, account):
    for day in range(1, 28):
        OrderFactory(account=account, number=f"D{day:02d}", order_date=datetime.date(2026, 1, day))
    client.force_login(rep)
    first = client.get(reverse("deals:order_list"))
    second = client.get(reverse("deals:order_list"), {"page": "2"})
    assert [order.number for order in first.context["orders"]][:2] == ["D27", "D26"]
    assert (first.context["has_next"], first.context["has_previous"]) == (True, False)
    assert [order.number for order in second.context["orders"]] == ["D02", "D01"]
    assert (second.context["has_next"], second.context["has_previous"]) == (False, True)
    assert client.get(reverse("deals:order_list"), {"page": "x"}).context["page"] == 1


def test_order_list_shows_visible_orders_and_filters_unpaid(client, rep, account, foreign_account):
    paid = OrderFactory(account=account, number="PAID-1")
    OrderLineFactory(order=paid)
    PaymentFactory(order=paid, amount=Decimal("100.00"))
    unpaid = OrderFactory(account=account, number="OPEN-1")
    OrderLineFactory(order=unpaid)
    OrderLineFactory(order=OrderFactory(account=foreign_account, number="THEIRS-1"))
    client.force_login(rep)

    everything = client.get(reverse("deals:order_list")).content.decode()
    open_only = client.get(reverse("deals:order_list"), {"open": "1"}).content.decode()

    assert "PAID-1" in everything and "OPEN-1" in everything
    assert "THEIRS-1" not in everything
    assert "PAID-1" not in open_only and "OPEN-1" in open_only


@pytest.mark.parametrize("orders", [2, 15])
def test_order_list_runs_a_fixed_number_of_queries(client, rep, account, django_assert_num_queries, orders):
    for _ in range(orders):
        OrderLineFactory(order=OrderFactory(account=account))
    client.force_login(rep)
    # session, user, page of orders with totals and accounts (no count: pages go by "next")
    with django_assert_num_queries(3):
        assert client.get(reverse("deals:order_list")).status_code == 200


@pytest.mark.parametrize("lines", [1, 12])
def test_order_detail_runs_a_fixed_number_of_queries(client, rep, account, django_assert_num_queries, lines):
    order = OrderFactory(account=account)
    for _ in range(lines):
        OrderLineFactory(order=order)
        PaymentFactory(order=order, amount=Decimal("1.00"))
    client.force_login(rep)
    # session, user, order (with the order it returns), its returns, its lines with products,
    # its payments with recorders, its documents with uploaders, the right to attach more
    with django_assert_num_queries(8):
        assert client.get(reverse("deals:order_detail", args=[order.pk])).status_code == 200


@pytest.mark.parametrize("orders", [1, 14])
def test_account_panel_runs_a_fixed_number_of_queries(client, rep, account, django_assert_num_queries, orders):
    for _ in range(orders):
        order = OrderFactory(account=account)
        OrderLineFactory(order=order)
        PaymentFactory(order=order, amount=Decimal("10.00"))
    client.force_login(rep)
    for _ in range(orders):
        OpportunityFactory(account=account)
    # session, user, account, latest orders, open opportunities,
    # one aggregate over the orders (receivables, dates), one over the lines (habits)
    with django_assert_num_queries(7):
        assert client.get(reverse("deals:account_panel", args=[account.pk])).status_code == 200


@pytest.mark.parametrize("products_count", [3, 40])
def test_order_form_runs_a_fixed_number_of_queries(client, rep, account, django_assert_num_queries, products_count):
    ProductFactory.create_batch(products_count)
    client.force_login(rep)
    # session, user, account, order count for the suggested number; no product list
    with django_assert_num_queries(4):
        page = client.get(reverse("deals:order_create", args=[account.pk])).content.decode()
    assert "<option" not in page.split('id="product-options"')[1].split("</datalist>")[0]


def test_the_product_picker_offers_matching_codes_then_names(client, rep):
    ProductFactory(code="PUMP-1", name="Centrifugal pump")
    ProductFactory(code="VAL-9", name="Pump valve")
    ProductFactory(code="SEN-3", name="Pressure sensor")
    ProductFactory(code="PUMP-2", name="Old pump", is_active=False)
    client.force_login(rep)
    page = client.get(reverse("deals:product_options"), {"q": "pump"}).content.decode()
    assert page.index('value="PUMP-1"') < page.index('value="VAL-9"')
    assert "SEN-3" not in page and "PUMP-2" not in page
    assert client.get(reverse("deals:product_options")).content.decode().strip() == ""


def test_the_product_picker_offers_at_most_twenty(client, rep, django_assert_num_queries):
    ProductFactory.create_batch(25, name="Spare part")
    client.force_login(rep)
    with django_assert_num_queries(4):  # session, user, by code, by name
        page = client.get(reverse("deals:product_options"), {"q": "spare"}).content.decode()
    assert page.count("<option") == 20


def test_the_account_page_offers_the_orders_tab(client, rep, account):
    client.force_login(rep)
    page = client.get(account.get_absolute_url()).content.decode()
    assert reverse("deals:account_panel", args=[account.pk]) in page


def test_a_credit_approver_sees_the_panel_without_the_new_order_button(client, credit_approver, account):
    client.force_login(credit_approver)
    page = client.get(reverse("deals:account_panel", args=[account.pk])).content.decode()
    assert reverse("deals:order_create", args=[account.pk]) not in page


def test_orders_of_another_teams_account_are_not_found(client, rep, foreign_account):
    order = OrderFactory(account=foreign_account)
    client.force_login(rep)
    assert client.get(reverse("deals:order_detail", args=[order.pk])).status_code == 404
    assert client.post(reverse("deals:order_mark_paid", args=[order.pk])).status_code == 404
    assert not Payment.objects.exists()


def test_an_order_entered_by_mistake_is_cancelled_with_a_reason_and_owes_nothing(client, rep, account):
    order = OrderFactory(account=account, due_date=datetime.date(2026, 1, 1))
    OrderLineFactory(order=order, quantity=Decimal("3"))
    client.force_login(rep)

    refused = client.post(reverse("deals:order_cancel", args=[order.pk]), {"reason": " "}, follow=True)
    assert "Say why the order is cancelled." in refused.content.decode()
    client.post(reverse("deals:order_cancel", args=[order.pk]), {"reason": "Entered twice"})

    order.refresh_from_db()
    assert order.status == "cancelled"
    assert "Entered twice" in order.notes
    receivables = client.get(reverse("deals:account_panel", args=[account.pk])).context["receivables"]
    assert (receivables.outstanding, receivables.overdue) == (Decimal("0"), Decimal("0"))


def test_an_order_with_payments_cannot_be_cancelled(client, rep, account):
    order = OrderFactory(account=account)
    OrderLineFactory(order=order)
    PaymentFactory(order=order, amount=Decimal("10.00"))
    client.force_login(rep)
    response = client.post(reverse("deals:order_cancel", args=[order.pk]), {"reason": "Oops"}, follow=True)
    assert "record a return instead" in response.content.decode()
    order.refresh_from_db()
    assert order.status == "confirmed"


def test_the_product_picker_gives_each_products_list_price_for_the_running_total(client, rep):
    ProductFactory(code="PUMP-1", name="Centrifugal pump", unit_price=Decimal("1234.5"))
    client.force_login(rep)
    page = client.get(reverse("deals:product_options"), {"q": "centrifugal"}).content.decode()
    assert '<option value="PUMP-1" data-price="1234.5' in page


def test_the_order_form_has_a_running_total_from_a_static_script(client, rep, account):
    client.force_login(rep)
    page = client.get(reverse("deals:order_create", args=[account.pk])).content.decode()
    assert 'id="order-total"' in page and "data-total" in page
    assert "deals/orders.js" in page and "<script>" not in page  # no inline script: the CSP holds
