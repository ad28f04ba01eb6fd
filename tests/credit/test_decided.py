"""The decided-requests list: what a manager or a credit approver decided, newest first, filtered and paged."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from credit.models import RequestStatus
from tests.factories import AccountFactory, CreditRequestFactory


def decided(account, by, status=RequestStatus.APPROVED, days_ago=1, amount="50000"):
    return CreditRequestFactory(
        account=account,
        status=status,
        decided_by=by,
        decided_at=timezone.now() - datetime.timedelta(days=days_ago),
        requested_limit=Decimal(amount),
        approved_limit=Decimal(amount) if status == RequestStatus.APPROVED else None,
    )


def test_an_approver_sees_what_they_decided_newest_first_and_nothing_else(client, credit_approver, manager, rep):
    older = decided(AccountFactory(owner=rep), credit_approver, days_ago=5)
    newer = decided(AccountFactory(owner=rep), credit_approver, RequestStatus.REJECTED, days_ago=1)
    decided(AccountFactory(owner=rep), manager)  # someone else's decision
    CreditRequestFactory(account=AccountFactory(owner=rep))  # still waiting
    client.force_login(credit_approver)
    response = client.get(reverse("credit:decided"))
    assert list(response.context["requests"]) == [newer, older]


def test_the_list_filters_by_decision_dates_and_account(client, credit_approver, rep):
    approved = decided(AccountFactory(owner=rep, name="Harbin Pumps"), credit_approver, days_ago=10)
    rejected = decided(AccountFactory(owner=rep, name="Wuxi Valves"), credit_approver, RequestStatus.REJECTED)
    client.force_login(credit_approver)

    def listed(**params):
        return list(client.get(reverse("credit:decided"), params).context["requests"])

    assert listed(status="rejected") == [rejected]
    assert listed(q="harbin") == [approved]
    since = (timezone.localdate() - datetime.timedelta(days=3)).isoformat()
    assert listed(decided_from=since) == [rejected]
    assert listed(decided_to=since) == [approved]
    assert listed(decided_from="not a date") == [rejected, approved]  # a bad filter is ignored, not a 500


def test_a_manager_sees_only_the_decisions_on_accounts_they_still_see(client, manager, rep, other_rep):
    mine = decided(AccountFactory(owner=rep), manager)
    decided(AccountFactory(owner=other_rep), manager)  # the account moved out of the team since
    client.force_login(manager)
    assert list(client.get(reverse("credit:decided")).context["requests"]) == [mine]


@pytest.mark.parametrize("size", [2, 12])
def test_the_decided_list_runs_a_fixed_number_of_queries(client, credit_approver, rep, django_assert_num_queries, size):
    for _ in range(size):
        decided(AccountFactory(owner=rep), credit_approver)
    client.force_login(credit_approver)
    # session, user, count, the page of requests with their accounts, owners and requesters
    with django_assert_num_queries(4):
        response = client.get(reverse("credit:decided"))
    assert len(response.context["requests"]) == size


def test_the_decided_list_pages_past_the_end_to_the_last_page(client, credit_approver, rep):
    decided(AccountFactory(owner=rep), credit_approver)
    client.force_login(credit_approver)
    assert client.get(reverse("credit:decided"), {"page": 99}).status_code == 200
