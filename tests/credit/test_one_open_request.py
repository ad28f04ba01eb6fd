"""One open credit-limit request per account at a time, and deciding one locks only its row."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.urls import reverse

from accounts.models import Account
from credit import services
from credit.models import CreditRequest, RequestStatus
from credit.services.requests import lock_request
from tests.factories import CreditInvestigationFactory, CreditRequestFactory


def file_request(account, rep):
    return services.credit_request_submit(
        account=account,
        actor=rep,
        requested_limit=Decimal("200000"),
        payment_terms_days=30,
        reason="Bigger orders",
        investigation=CreditInvestigationFactory(account=account),
    )


def test_a_second_request_while_one_is_open_is_refused_by_the_form(client, rep, account):
    CreditRequestFactory(account=account, status=RequestStatus.RETURNED)  # returned: still open
    client.force_login(rep)
    response = client.post(
        reverse("credit:request_create", args=[account.pk]),
        {
            "requested_limit": "300000",
            "payment_terms_days": "60",
            "investigation": CreditInvestigationFactory(account=account).pk,
            "reason": "Bigger orders",
        },
    )
    assert response.status_code == 200
    assert "already has an open credit-limit request" in response.content.decode()
    assert CreditRequest.objects.count() == 1


def test_the_service_refuses_a_second_open_request_and_accepts_one_after_the_decision(rep, manager, account):
    first = file_request(account, rep)
    with pytest.raises(services.CreditError, match="already has an open credit-limit request"):
        file_request(account, rep)
    services.credit_request_reject(request=first, actor=manager, comment="Not now")
    assert file_request(account, rep).status == RequestStatus.SUBMITTED


def test_the_database_holds_one_open_request_per_account(account):
    CreditRequestFactory(account=account)
    CreditRequestFactory(account=account, status=RequestStatus.APPROVED)  # decided ones do not count
    with pytest.raises(IntegrityError), transaction.atomic():
        CreditRequestFactory(account=account, status=RequestStatus.RETURNED)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_deciding_a_request_locks_the_request_not_its_account(account):
    """While a decision holds the request's row, an order for the account can still lock the
    account's row (order_create does): the decision does not stall the account's orders."""
    credit_request = CreditRequestFactory(account=account)
    outcome = {}

    def lock_account():
        try:
            with transaction.atomic():
                Account.objects.select_for_update(nowait=True).get(pk=account.pk)
            outcome["account"] = "locked"
        except DatabaseError:
            outcome["account"] = "busy"
        finally:
            connection.close()

    with transaction.atomic():
        lock_request(credit_request)
        other = threading.Thread(target=lock_account)
        other.start()
        other.join(10)

    assert outcome == {"account": "locked"}
