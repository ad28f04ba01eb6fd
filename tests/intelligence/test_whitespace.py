"""Whitespace: the categories an account's peers buy and it does not, on its panel and on the
manager's matrix, with a fixed number of queries."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from intelligence import services
from tests.factories import (
    AccountFactory,
    AccountStandingFactory,
    OrderFactory,
    OrderLineFactory,
    ProductFactory,
)

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2026, 6, 30)


def buys(account, product, amount: str) -> None:
    order = OrderFactory(account=account, order_date=AS_OF - datetime.timedelta(days=30))
    OrderLineFactory(order=order, product=product, unit_price=Decimal(amount))


def peers_buying(owner, pumps, valves, count: int) -> list:
    """``count`` A-tier peers that buy pumps, and two of them valves as well."""
    peers = []
    for index in range(count):
        peer = AccountFactory(owner=owner, industry="manufacturing")
        AccountStandingFactory(account=peer, abc_tier="A")
        buys(peer, pumps, "300")
        if index < 2:
            buys(peer, valves, "1000")
        peers.append(peer)
    return peers


@pytest.fixture
def products():
    return ProductFactory(category="Pumps"), ProductFactory(category="Valves"), ProductFactory(category="Motors")


def test_an_account_is_offered_what_its_peers_buy_by_expected_revenue(client, rep, account, products):
    pumps, valves, motors = products
    account.industry = "manufacturing"
    account.save(update_fields=["industry"])
    AccountStandingFactory(account=account, abc_tier="A")
    buys(account, motors, "50")
    peers_buying(rep, pumps, valves, 3)
    services.intelligence_run(as_of=AS_OF, horizon_days=90)

    client.force_login(rep)
    response = client.get(reverse("intelligence:account_panel", args=[account.pk]))

    # peers: 4 accounts (3 + this one); valves 2000 / 4 = 500 expected, pumps 900 / 4 = 225
    assert [(s.item, s.expected_revenue) for s in response.context["suggestions"]] == [
        ("Valves", Decimal("500.00")),
        ("Pumps", Decimal("225.00")),
    ]
    assert "Valves" in response.content.decode()


@pytest.mark.parametrize("peers", [3, 12])
def test_the_matrix_shows_bought_whitespace_and_not_relevant_in_fixed_queries(
    client, manager, rep, products, peers, django_assert_max_num_queries
):
    pumps, valves, _motors = products
    accounts = peers_buying(rep, pumps, valves, peers)
    services.intelligence_run(as_of=AS_OF, horizon_days=90)
    client.force_login(manager)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("intelligence:whitespace_matrix"))

    matrix = response.context["matrix"]
    assert matrix["columns"] == ["Pumps", "Valves"]
    rows = {row["account"].pk: row["cells"] for row in matrix["rows"]}
    assert rows[accounts[0].pk] == ["bought", "bought"]
    # valves: 2 of the peers buy them; whitespace while that is at least a fifth of the group
    expected = "whitespace" if peers / 5 <= 2 else ""
    assert rows[accounts[-1].pk] == ["bought", expected]


@pytest.mark.parametrize("peers", [2, 10])
def test_the_account_panel_reads_health_relationship_and_whitespace_in_fixed_queries(
    client, rep, account, products, peers, django_assert_num_queries
):
    pumps, valves, _motors = products
    account.industry = "manufacturing"
    account.save(update_fields=["industry"])
    AccountStandingFactory(account=account, abc_tier="A")
    peers_buying(rep, pumps, valves, peers)
    services.intelligence_run(as_of=AS_OF - datetime.timedelta(days=30), horizon_days=90)
    services.intelligence_run(as_of=AS_OF, horizon_days=90)
    client.force_login(rep)

    # session, user, the account (visibility rule), the latest run, its health row, the
    # relationship history, the peer group's items, the account's own purchases
    with django_assert_num_queries(8):
        response = client.get(reverse("intelligence:account_panel", args=[account.pk]))

    assert response.context["health"].account_id == account.pk
    assert len(response.context["relationship_history"]) == 2
    # valves: 2 × 1000 over the group, pumps: every peer × 300 — pumps lead once 7 peers buy them
    expected = ["Valves", "Pumps"] if peers * 300 < 2000 else ["Pumps", "Valves"]
    assert [s.item for s in response.context["suggestions"]] == expected
