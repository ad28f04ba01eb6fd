"""Every list endpoint runs a fixed number of queries, whatever the page size: its rows'
relations come by joins and prefetches, never one query per row. Each list is asked for a
page of 2 and a page of 6 rows (6 of each thing exist), and must cost the same."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from credit.positions import positions_refresh
from tests.factories import (
    AccountFactory,
    AccountStandingFactory,
    ComplaintFactory,
    ContactFactory,
    ContactRoleFactory,
    CreditHoldFactory,
    CreditLimitFactory,
    CreditRequestFactory,
    OpportunityContactFactory,
    OpportunityFactory,
    OrderLineFactory,
    PaymentFactory,
    PlanItemFactory,
    ProductFactory,
    ScoringRunFactory,
    VisitFactory,
)
from users.models import Notification

from .conftest import make_token

ROWS = 6
# Every list endpoint of the API.
LISTS = [
    "account-list",
    "contact-list",
    "product-list",
    "order-list",
    "payment-list",
    "opportunity-list",
    "credit-investigation-list",
    "credit-request-list",
    "credit-limit-list",
    "credit-position-list",
    "visit-list",
    "plan-item-list",
    "complaint-list",
    "tier-list",
    "scoring-run-list",
    "notification-list",
]


@pytest.fixture
def world(rep, admin_user):
    run = ScoringRunFactory()
    for n in range(ROWS):
        account = AccountFactory(owner=rep)
        contact = ContactFactory(account=account)
        ContactRoleFactory(contact=contact)
        hold = CreditHoldFactory(account=account)
        for _ in range(2):
            OrderLineFactory(order=hold.order, product=ProductFactory(unit_price=Decimal("10")))
        PaymentFactory(order=hold.order, amount=Decimal("1"))
        OpportunityContactFactory(opportunity=OpportunityFactory(account=account, owner=rep), contact=contact)
        CreditRequestFactory(account=account)
        CreditLimitFactory(account=account)
        VisitFactory(account=account, rep=rep).contacts.add(contact)
        PlanItemFactory(account=account, rep=rep)
        ComplaintFactory(account=account, owner=rep)
        AccountStandingFactory(account=account, run=run)
        ScoringRunFactory(as_of=f"2026-01-{n + 1:02d}")
        Notification.objects.create(recipient=rep, key=f"test:{n}", subject="Hello")
    positions_refresh(account_ids=list(rep.owned_accounts.values_list("pk", flat=True)))


def queries_for(client, url: str, page_size: int, headers: dict) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"page_size": page_size}, **headers)
    assert response.status_code == 200, response.content[:300]
    return len(queries), len(response.json()["results"])


@pytest.mark.parametrize("url_name", LISTS)
def test_a_list_costs_the_same_for_2_and_for_6_rows(client, world, rep, admin_user, url_name):
    user = admin_user if url_name == "scoring-run-list" else rep
    headers = {"HTTP_AUTHORIZATION": f"Bearer {make_token(user)}"}
    url = reverse(f"api:{url_name}")
    client.get(url, **headers)  # the token's first use is written once (api.services.token_used)
    small, small_rows = queries_for(client, url, 2, headers)
    large, large_rows = queries_for(client, url, ROWS, headers)
    assert (small_rows, large_rows) == (2, ROWS)
    assert small == large
    # The token (1), the page (1), at most one prefetch per nested list (lines, payments; roles,
    # influences; contacts; events) and the custom fields' definitions where the records have
    # them (1): never a query per row.
    assert large <= 5
