"""The product catalogue page: search, category, high-profit products (高利润产品)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import ProductFactory


@pytest.fixture
def catalogue(db):
    return [
        ProductFactory(code="PUMP-1", name="Centrifugal pump", category="Pumps", unit_price=100, unit_cost=70),
        ProductFactory(code="SENS-1", name="Pressure sensor", category="Sensors", unit_price=200, unit_cost=80),
        ProductFactory(code="SENS-2", name="Flow sensor", category="Sensors", unit_price=50, unit_cost=45),
        ProductFactory(code="OLD-1", name="Retired valve", category="Valves", is_active=False),
    ]


def codes(response):
    return [product.code for product in response.context["products"]]


def test_the_catalogue_lists_active_products_with_their_margin(client, rep, catalogue):
    client.force_login(rep)
    response = client.get(reverse("deals:product_list"))
    assert codes(response) == ["PUMP-1", "SENS-1", "SENS-2"]
    page = response.content.decode()
    assert "60.0\xa0%" in page  # the pressure sensor's margin
    assert page.count("high-profit</span>") == 1


def test_filters_by_search_category_and_high_profit(client, rep, catalogue):
    client.force_login(rep)
    assert codes(client.get(reverse("deals:product_list"), {"q": "sensor"})) == ["SENS-1", "SENS-2"]
    assert codes(client.get(reverse("deals:product_list"), {"category": "Pumps"})) == ["PUMP-1"]
    assert codes(client.get(reverse("deals:product_list"), {"high_profit": "on"})) == ["SENS-1"]


def test_high_profit_follows_the_configured_margin(client, rep, catalogue, settings):
    settings.DEALS_HIGH_PROFIT_MARGIN = Decimal("0.25")
    client.force_login(rep)
    assert codes(client.get(reverse("deals:product_list"), {"high_profit": "on"})) == ["PUMP-1", "SENS-1"]


@pytest.mark.parametrize("count", [3, 60])
def test_the_catalogue_runs_a_fixed_number_of_queries(client, rep, django_assert_num_queries, count):
    ProductFactory.create_batch(count)
    client.force_login(rep)
    # session, user, categories for the filter, count, page
    with django_assert_num_queries(5):
        assert client.get(reverse("deals:product_list")).status_code == 200
