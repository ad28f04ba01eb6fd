"""The credit page and the account panel: what they show and their fixed query budgets."""

from decimal import Decimal

import pytest
from django.urls import reverse

from credit.models import RequestStatus
from deals.receivables import receivables_refresh
from tests.factories import (
    AccountFactory,
    CreditHoldFactory,
    CreditLimitFactory,
    CreditRequestFactory,
    OrderFactory,
    OrderLineFactory,
)


def exposed(owner, amount, limit=None):
    account = AccountFactory(owner=owner)
    OrderLineFactory(order=OrderFactory(account=account), quantity=Decimal("1"), unit_price=Decimal(amount))
    if limit is not None:
        CreditLimitFactory(account=account, amount=Decimal(limit))
    receivables_refresh(account_ids=[account.pk])  # factories write past the deals services
    return account


def test_the_credit_page_lists_accounts_by_utilisation_with_filters(client, manager, rep, other_rep):
    half = exposed(rep, "500", limit="1000")
    over = exposed(rep, "1500", limit="1000")
    exposed(other_rep, "9999", limit="1")  # another team: not the manager's

    client.force_login(manager)
    response = client.get(reverse("credit:overview"))
    assert [a.pk for a in response.context["accounts"]] == [over.pk, half.pk]
    page = response.content.decode()
    assert "150.0\xa0%" in page
    assert "1,500.00" in page

    only_over = client.get(reverse("credit:overview"), {"over_limit": "on"}).context["accounts"]
    assert [a.pk for a in only_over] == [over.pk]


@pytest.mark.parametrize("accounts_count", [3, 40])
def test_the_credit_page_runs_a_fixed_number_of_queries(
    client, manager, rep, accounts_count, django_assert_num_queries
):
    for index in range(accounts_count):
        exposed(rep, str(100 + index), limit="1000")
    client.force_login(manager)
    # session, user, owner filter choices, the capped count, the page's account ids (ordered on the
    # stored receivables), those accounts with their owners, and their date-dependent figures
    with django_assert_num_queries(7):
        response = client.get(reverse("credit:overview"))
    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 8])
def test_the_account_panel_runs_a_fixed_number_of_queries(client, rep, account, size, django_assert_num_queries):
    for _ in range(size):
        OrderLineFactory(order=OrderFactory(account=account))
        CreditLimitFactory(account=account)
        CreditRequestFactory(account=account, status=RequestStatus.APPROVED)
        CreditHoldFactory(account=account)
    client.force_login(rep)
    # session, user, account, limits, exposure, requests, investigations, reviews, write-offs,
    # overrides, held orders with their orders and people, and the credit policy in force (read
    # once, then from the cache until it changes)
    with django_assert_num_queries(12):
        response = client.get(reverse("credit:account_panel", args=[account.pk]))
    assert response.status_code == 200


def test_the_account_page_has_a_credit_tab(client, rep, account):
    client.force_login(rep)
    page = client.get(account.get_absolute_url()).content.decode()
    assert reverse("credit:account_panel", args=[account.pk]) in page


def test_the_menu_shows_credit_to_deciders_only(client, rep, manager):
    client.force_login(manager)
    assert reverse("credit:queue") in client.get(reverse("accounts:list")).content.decode()
    client.force_login(rep)
    assert reverse("credit:queue") not in client.get(reverse("accounts:list")).content.decode()


def test_the_credit_tab_speaks_chinese(client, rep, account):
    client.force_login(rep)
    page = client.get(
        reverse("credit:account_panel", args=[account.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert "信用敞口" in page
    assert "回款周期" in page
    assert "Exposure" not in page


def test_the_credit_page_paginates_in_utilisation_order(client, admin_user, rep):
    made = [exposed(rep, str(100 + index), limit="1000") for index in range(30)]
    client.force_login(admin_user)
    first = client.get(reverse("credit:overview")).context["accounts"]
    second = client.get(reverse("credit:overview"), {"page": 2}).context["accounts"]
    assert [a.pk for a in first] + [a.pk for a in second] == [a.pk for a in reversed(made)]
