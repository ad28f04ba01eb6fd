"""Who may decide which credit-limit request is one rule, asked of one request
(``may_decide``) and of the queue (``waiting_for``): they agree."""

from __future__ import annotations

import pytest

from credit.models import CreditRequest, Route
from credit.permissions import may_decide
from credit.selectors import approver_queue
from tests.factories import AccountFactory, CreditRequestFactory


@pytest.fixture
def requests(cast, account, foreign_account):
    managers_own = AccountFactory(owner=cast["manager"])
    # One open request per account: the credit-routed ones go to a second account of each owner.
    return [
        CreditRequestFactory(account=account),  # to the rep's manager
        CreditRequestFactory(account=AccountFactory(owner=account.owner), route=Route.CREDIT, assigned_manager=None),
        CreditRequestFactory(account=foreign_account),  # to the other manager
        CreditRequestFactory(
            account=AccountFactory(owner=foreign_account.owner), route=Route.CREDIT, assigned_manager=None
        ),
        CreditRequestFactory(account=managers_own, route=Route.CREDIT, assigned_manager=None),
    ]


def test_every_request_in_a_queue_may_be_decided_by_its_holder(cast, requests):
    for user in cast.values():
        queued = set(approver_queue(user=user).values_list("pk", flat=True))
        for request in CreditRequest.objects.select_related("account"):
            if request.pk in queued:
                assert may_decide(user, request), (user, request)


def test_a_manager_decides_exactly_what_waits_for_them(cast, requests):
    for role in ("manager", "other_manager"):
        user = cast[role]
        queued = set(approver_queue(user=user).values_list("pk", flat=True))
        decidable = {request.pk for request in CreditRequest.objects.all() if may_decide(user, request)}
        assert queued == decidable and queued


def test_nobody_decides_for_an_account_they_own(cast, requests):
    managers_own = requests[-1]
    assert not may_decide(cast["manager"], managers_own)
    assert may_decide(cast["credit_approver"], managers_own)
    assert managers_own.pk in approver_queue(user=cast["credit_approver"]).values_list("pk", flat=True)
    assert not any(may_decide(cast[role], request) for role in ("rep", "teammate", "other_rep") for request in requests)
