"""Money is never written outside the services: the admin shows orders, lines, payments and
write-offs and changes none of them (a change there would leave the stored receivables and
credit positions stale)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from deals.models import Payment
from tests.factories import OrderFactory, OrderLineFactory, PaymentFactory


@pytest.fixture
def paid_order(account):
    order = OrderFactory(account=account)
    OrderLineFactory(order=order, quantity=Decimal("1"), unit_price=Decimal("100"))
    PaymentFactory(order=order, amount=Decimal("40.00"))
    return order


def test_the_admin_shows_an_order_with_its_lines_and_payments(client, admin_user, paid_order):
    client.force_login(admin_user)

    assert client.get(reverse("admin:deals_order_changelist")).status_code == 200
    page = client.get(reverse("admin:deals_order_change", args=[paid_order.pk]))
    assert page.status_code == 200
    assert "40.00" in page.content.decode()


def test_the_admin_changes_no_payment(client, admin_user, paid_order):
    client.force_login(admin_user)
    change = reverse("admin:deals_order_change", args=[paid_order.pk])

    response = client.post(
        change,
        {
            "number": paid_order.number,
            "account": paid_order.account_id,
            "order_date": paid_order.order_date.isoformat(),
            "status": paid_order.status,
            "payments-TOTAL_FORMS": "1",
            "payments-INITIAL_FORMS": "1",
            "payments-0-id": Payment.objects.get().pk,
            "payments-0-order": paid_order.pk,
            "payments-0-amount": "100.00",
            "payments-0-paid_on": "2026-01-01",
        },
    )

    assert response.status_code == 403
    assert Payment.objects.get().amount == Decimal("40.00")
    assert client.get(reverse("admin:deals_order_add")).status_code == 403
    assert client.get(reverse("admin:deals_order_delete", args=[paid_order.pk])).status_code == 403
