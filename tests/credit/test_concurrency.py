"""Two approvers deciding one request at the same moment give exactly one decision."""

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection

from credit import services
from credit.models import CreditLimit, CreditRequest, RequestStatus, Route
from credit.services import decisions as decision_services
from tests.factories import CreditRequestFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_decisions_make_one(account, manager, credit_approver, monkeypatch):
    credit_request = CreditRequestFactory(account=account, requested_limit=Decimal("300000"), route=Route.MANAGER)
    # Whoever takes the row lock first holds it a moment, so the other is certainly waiting on it.
    original_decided = decision_services._decided

    def slow_decided(request, actor):
        time.sleep(0.3)
        original_decided(request, actor)

    monkeypatch.setattr(decision_services, "_decided", slow_decided)
    barrier = threading.Barrier(2)
    outcomes = {}

    def decide(name, action):
        try:
            barrier.wait()
            request = CreditRequest.objects.get(pk=credit_request.pk)  # each tab loaded the request itself
            action(request)
            outcomes[name] = "decided"
        except services.CreditError as error:
            outcomes[name] = str(error.message)
        finally:
            connection.close()  # this thread's own connection

    approve = threading.Thread(
        target=decide,
        args=("manager", lambda r: services.credit_request_approve(request=r, actor=manager, comment="yes")),
    )
    reject = threading.Thread(
        target=decide,
        args=("credit", lambda r: services.credit_request_reject(request=r, actor=credit_approver, comment="no")),
    )
    approve.start()
    reject.start()
    approve.join(10)
    reject.join(10)

    assert sorted(outcomes.values(), key=len)[0] == "decided"
    loser = next(message for message in outcomes.values() if message != "decided")
    assert "no longer waiting" in loser
    stored = CreditRequest.objects.get(pk=credit_request.pk)
    assert stored.status in (RequestStatus.APPROVED, RequestStatus.REJECTED)
    decisions = stored.events.exclude(to_status=RequestStatus.SUBMITTED)
    assert decisions.count() == 1
    assert decisions.get().to_status == stored.status
    assert CreditLimit.objects.count() == (1 if stored.status == RequestStatus.APPROVED else 0)
