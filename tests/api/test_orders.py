"""Orders and payments through the API: the ERP's idempotent upsert, and the credit hold
applied exactly as on the order page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from credit.models import CreditHold
from deals.models import Order, OrderStatus, Payment
from tests.factories import CreditLimitFactory, OrderFactory, OrderLineFactory, ProductFactory

UPSERT = "/api/v1/orders/by-external-id/{}/"
PAYMENT_UPSERT = "/api/v1/payments/by-external-id/{}/"


@pytest.fixture
def product(db):
    return ProductFactory(unit_price=Decimal("1000.00"), unit_cost=Decimal("600.00"))


def erp_order(account, product, quantity="3", **extra) -> dict:
    return {
        "account": account.pk,
        "number": "ERP-001",
        "order_date": "2026-03-01",
        "lines": [{"product": product.pk, "quantity": quantity}],
        **extra,
    }


def put(client, url, data, headers):
    return client.put(url, data, content_type="application/json", **headers)


def test_upserting_the_same_order_twice_creates_one_order(client, bearer, rep, account, product):
    headers = bearer(rep)
    first = put(client, UPSERT.format("SO-42"), erp_order(account, product), headers)
    again = put(client, UPSERT.format("SO-42"), erp_order(account, product), headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert Order.objects.filter(account=account).count() == 1
    order = Order.objects.get()
    assert (order.external_id, order.number, order.created_by) == ("SO-42", "ERP-001", rep)
    assert first.json()["amount"] == "3000.00"
    assert first.json()["outstanding"] == "3000.00"
    assert client.get(UPSERT.format("SO-42"), **headers).json()["id"] == order.pk


def test_an_upsert_that_contradicts_the_recorded_order_is_a_409(client, bearer, rep, account, product):
    headers = bearer(rep)
    put(client, UPSERT.format("SO-42"), erp_order(account, product), headers)
    response = put(client, UPSERT.format("SO-42"), erp_order(account, product, quantity="4"), headers)
    assert response.status_code == 409
    assert "other lines" in response.json()["detail"]
    assert Order.objects.get().lines.get().quantity == Decimal("3")


def test_an_order_over_the_limit_is_held_through_the_api_as_through_the_page(client, bearer, rep, account, product):
    """The same order, entered on the page for one account and through the API for its twin,
    is held with the same figures."""
    from tests.factories import AccountFactory

    twin = AccountFactory(owner=rep)
    for each in (account, twin):
        CreditLimitFactory(account=each, amount=Decimal("2000"))
    client.force_login(rep)
    page = client.post(
        reverse("deals:order_create", args=[account.pk]),
        {
            "number": "P-1",
            "order_date": "2026-03-01",
            "due_date": "",
            "notes": "",
            "return_of": "",
            "lines-TOTAL_FORMS": "1",
            "lines-INITIAL_FORMS": "0",
            "lines-MIN_NUM_FORMS": "0",
            "lines-MAX_NUM_FORMS": "100",
            "lines-0-product": product.code,
            "lines-0-quantity": "3",
            "lines-0-unit_price": "",
        },
    )
    assert page.status_code == 302
    client.logout()
    response = put(client, UPSERT.format("SO-43"), erp_order(twin, product), bearer(rep))
    assert response.status_code == 201
    body = response.json()
    by_page = CreditHold.objects.get(account=account)
    assert body["status"] == OrderStatus.ON_HOLD == Order.objects.get(account=account).status
    assert body["credit_hold"]["exposure"] == str(by_page.exposure) == "3000.00"
    assert body["credit_hold"]["limit_amount"] == str(by_page.limit_amount)
    assert body["credit_hold"]["message"] == by_page.message.replace(account.name, twin.name)
    # Sent again, the held order comes back held, and is not held twice.
    again = put(client, UPSERT.format("SO-43"), erp_order(twin, product), bearer(rep))
    assert (again.status_code, again.json()["status"]) == (200, OrderStatus.ON_HOLD)
    assert CreditHold.objects.filter(account=twin).count() == 1


def test_an_order_for_an_account_the_caller_does_not_see_is_refused(client, bearer, other_rep, account, product):
    response = put(client, UPSERT.format("SO-44"), erp_order(account, product), bearer(other_rep))
    assert response.status_code == 400
    assert not Order.objects.exists()


def test_a_credit_approver_may_not_enter_orders(client, bearer, credit_approver, account, product):
    response = put(client, UPSERT.format("SO-45"), erp_order(account, product), bearer(credit_approver))
    assert response.status_code == 403


def test_upserting_a_payment_twice_records_it_once(client, bearer, rep, account, product):
    order = OrderFactory(account=account)
    OrderLineFactory(order=order, product=product, quantity=Decimal("1"))
    payment = {"order": order.pk, "amount": "400.00", "paid_on": "2026-03-10"}
    first = put(client, PAYMENT_UPSERT.format("PAY-1"), payment, bearer(rep))
    again = put(client, PAYMENT_UPSERT.format("PAY-1"), payment, bearer(rep))
    assert (first.status_code, again.status_code) == (201, 200)
    assert Payment.objects.filter(order=order).count() == 1
    different = put(client, PAYMENT_UPSERT.format("PAY-1"), {**payment, "amount": "500.00"}, bearer(rep))
    assert different.status_code == 409


def test_a_payment_above_what_is_owed_is_refused_by_the_service(client, bearer, rep, account, product):
    order = OrderFactory(account=account)
    OrderLineFactory(order=order, product=product, quantity=Decimal("1"))
    response = put(client, PAYMENT_UPSERT.format("PAY-2"), {"order": order.pk, "amount": "1000.01"}, bearer(rep))
    assert response.status_code == 400
    assert "owes only" in str(response.json())
