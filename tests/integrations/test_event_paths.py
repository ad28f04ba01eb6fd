"""Events from the paths that write in bulk or outside the services: the order importer emits
``order.created`` for every order it creates (in one batch), and an owner change through the
account importer or the Django admin emits ``account.owner_changed`` as the account form does
(``accounts.changes.owners_changed`` emits for every path)."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
import tablib
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.importing import import_accounts
from deals.importing import import_orders
from deals.models import Order
from integrations.models import WebhookDelivery, WebhookEvent
from tests.factories import AccountFactory, ProductFactory, WebhookSubscriptionFactory

ORDERS = (
    b"account_code,order_number,order_date,product_code,quantity,unit_price\n"
    b"C-9,A-1,2025-12-24,P-1,2,3.50\nC-9,A-1,2025-12-24,P-1,1,0.25\nC-9,A-2,2025-12-25,P-1,1,10\n"
)


def emitted(name: str) -> list[dict]:
    return [event.payload for event in WebhookEvent.objects.filter(name=name).order_by("pk")]


def test_the_order_importer_emits_each_order_it_creates_once(admin_user):
    WebhookSubscriptionFactory(events=["order.created"])
    account = AccountFactory(code="C-9", name="Cathay Retail")
    ProductFactory(code="P-1")

    import_orders(source=io.BytesIO(ORDERS), name="orders.csv", actor=admin_user)
    import_orders(source=io.BytesIO(ORDERS), name="orders.csv", actor=admin_user)  # again: nothing new

    orders = {order.number: order.pk for order in Order.objects.filter(account=account)}
    payloads = sorted(emitted("order.created"), key=lambda payload: payload["number"])
    assert [(p["order_id"], p["number"], p["amount"]) for p in payloads] == [
        (orders["A-1"], "A-1", "7.25"),
        (orders["A-2"], "A-2", "10.00"),
    ]
    assert payloads[0]["account"] == {"id": account.pk, "code": "C-9", "name": "Cathay Retail"}
    assert payloads[0]["status"] == "confirmed"
    assert WebhookDelivery.objects.count() == 2


def test_the_order_importer_builds_no_events_when_nobody_listens(admin_user):
    AccountFactory(code="C-9")
    ProductFactory(code="P-1")
    import_orders(source=io.BytesIO(ORDERS), name="orders.csv", actor=admin_user)
    assert Order.objects.count() == 2
    assert not WebhookEvent.objects.exists()


def test_the_order_importer_records_a_thousand_events_in_a_few_inserts(admin_user):
    WebhookSubscriptionFactory(events=["order.created"])
    AccountFactory(code="C-9")
    ProductFactory(code="P-1")
    rows = "".join(f"C-9,N-{n},2025-12-24,P-1,1,2\n" for n in range(1000))
    source = io.BytesIO(b"account_code,order_number,order_date,product_code,quantity,unit_price\n" + rows.encode())

    with CaptureQueriesContext(connection) as queries:
        import_orders(source=source, name="orders.csv", actor=admin_user)

    event_table = WebhookEvent._meta.db_table
    inserts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith(f'INSERT INTO "{event_table}"')]
    # Batches of 500 (integrations.webhooks.receive; SQLite's parameter limit makes them
    # smaller there), not one INSERT per order.
    assert 1 <= len(inserts) <= 6
    assert WebhookEvent.objects.filter(name="order.created").count() == 1000
    assert WebhookDelivery.objects.count() == 1000


@pytest.fixture
def owner_changes(db):
    return WebhookSubscriptionFactory(events=["account.owner_changed"])


def test_an_owner_change_by_the_account_importer_is_emitted(owner_changes, manager, rep, teammate):
    account = AccountFactory(owner=rep, code="K-1", name="Kestrel")
    dataset = tablib.Dataset(headers=["code", "name", "owner"])
    dataset.append(["K-1", "Kestrel", "teammate"])

    report = import_accounts(dataset=dataset, mapping={}, user=manager, dry_run=False)

    assert not report.errors
    [payload] = emitted("account.owner_changed")
    assert payload["account"] == {"id": account.pk, "code": "K-1", "name": "Kestrel"}
    assert (payload["previous_owner_id"], payload["owner"], payload["changed_by"]) == (
        rep.pk,
        {"id": teammate.pk, "username": "teammate"},
        "manager",
    )


def test_an_import_that_keeps_the_owner_emits_nothing(owner_changes, manager, rep):
    AccountFactory(owner=rep, code="K-1", name="Kestrel")
    dataset = tablib.Dataset(headers=["code", "name", "owner"])
    dataset.append(["K-1", "Kestrel renamed", "rep"])

    import_accounts(dataset=dataset, mapping={}, user=manager, dry_run=False)

    assert emitted("account.owner_changed") == []


def test_an_owner_change_in_the_django_admin_is_emitted(owner_changes, client, admin_user, account, rep, other_rep):
    client.force_login(admin_user)
    url = reverse("admin:accounts_account_change", args=[account.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update({"owner": other_rep.pk, "team_members-TOTAL_FORMS": 0, "team_members-INITIAL_FORMS": 0})
    for name, value in list(data.items()):
        if isinstance(value, datetime.datetime):  # the admin splits a date-time into two inputs
            data.update({f"{name}_0": value.date().isoformat(), f"{name}_1": value.time().isoformat()})

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    [payload] = emitted("account.owner_changed")
    assert (payload["account"]["id"], payload["previous_owner_id"], payload["owner"]["username"]) == (
        account.pk,
        rep.pk,
        "other_rep",
    )
    assert payload["changed_by"] == admin_user.username
    assert WebhookDelivery.objects.filter(subscription=owner_changes).count() == 1


def test_amounts_are_decimal_strings_in_the_body(admin_user):
    """The payload is stored as JSON: Decimals as strings, as order_create's."""
    WebhookSubscriptionFactory(events=["order.created"])
    AccountFactory(code="C-9")
    ProductFactory(code="P-1", unit_price=Decimal("1"))
    import_orders(source=io.BytesIO(ORDERS), name="orders.csv", actor=admin_user)
    assert all(isinstance(payload["amount"], str) for payload in emitted("order.created"))
