"""Each service that does an action emits its event, inside its transaction: recorded with
the change, rolled back with it, and never twice for one step (users/events.py)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import F

from accounts.services import account_update
from credit import holds
from credit import services as credit
from credit.models import CreditHold
from deals.services import LineInput, order_create
from integrations.models import WebhookDelivery, WebhookEvent
from scoring import services as scoring
from scoring.models import RunTrigger
from tests.factories import (
    CreditInvestigationFactory,
    CreditLimitFactory,
    ProductFactory,
    WebhookSubscriptionFactory,
)
from tests.scoring.book import AS_OF, make_book
from users.events import EVENT_NAMES
from visits import services as visits


@pytest.fixture(autouse=True)
def everything(db):
    """A subscription to every event (never called: deliveries wait after commit)."""
    return WebhookSubscriptionFactory(events=list(EVENT_NAMES))


def emitted() -> list[tuple[str, dict]]:
    return [(event.name, event.payload) for event in WebhookEvent.objects.order_by("pk")]


def test_a_visit_and_a_complaints_life_are_emitted(account, rep, manager):
    visits.visit_log(actor=rep, account=account, fields={"visited_on": datetime.date(2026, 12, 1)})
    complaint = visits.complaint_open(
        actor=manager, account=account, fields={"subject": "Late", "severity": "high", "owner": rep}
    )
    visits.complaint_resolve(actor=rep, complaint=complaint, satisfied=True, resolution="Redelivered")

    names = [name for name, _payload in emitted()]
    assert names == ["visit.logged", "complaint.opened", "complaint.resolved"]
    resolved = emitted()[2][1]
    assert (resolved["complaint_id"], resolved["outcome"], resolved["owner"]) == (complaint.pk, "quick", "rep")
    assert WebhookDelivery.objects.count() == 3


def test_an_owner_change_is_emitted_and_an_unchanged_owner_is_not(account, rep, teammate, manager):
    account_update(account=account, actor=manager, fields={"name": "Renamed"})
    account_update(account=account, actor=manager, fields={"owner": teammate})

    [(name, payload)] = emitted()
    assert name == "account.owner_changed"
    assert payload["previous_owner_id"] == rep.pk
    assert payload["owner"] == {"id": teammate.pk, "username": "teammate"}
    assert payload["account"]["name"] == "Renamed"


def test_an_event_is_rolled_back_with_its_change(account, rep):
    with pytest.raises(RuntimeError), transaction.atomic():
        visits.visit_log(actor=rep, account=account, fields={"visited_on": datetime.date(2026, 12, 1)})
        raise RuntimeError("the rest of the request failed")

    assert not WebhookEvent.objects.exists()


def test_tier_changes_are_emitted_once_per_change_not_on_a_rerun(rep):
    book = make_book(rep)
    scoring.rescore(as_of=AS_OF, trigger=RunTrigger.COMMAND)
    assert emitted() == []  # a first scoring is no change
    later = datetime.date(2026, 7, 31)  # K01 falls to B and K03 to C (tests/scoring/test_abc_rule.py)

    run = scoring.rescore(as_of=later, trigger=RunTrigger.SCHEDULE)
    scoring.rescore(as_of=later, trigger=RunTrigger.SCHEDULE)

    changes = {payload["account"]["code"]: payload for name, payload in emitted() if name == "account.tier_changed"}
    moved = run.results.exclude(abc_tier=F("previous_abc_tier")).values_list("account__code", flat=True)
    assert set(changes) == set(moved) and {"K01", "K03"} <= set(changes)
    assert "K02" not in changes  # stayed A
    assert changes["K03"]["tier"] == {"from": "A", "to": "C"}
    assert changes["K03"]["run_id"] == run.pk
    assert changes["K03"]["account"]["id"] == book["K03"].pk


def test_credit_requests_emit_their_submission_and_decision(account, rep, manager):
    request = credit.credit_request_submit(
        account=account,
        actor=rep,
        requested_limit=Decimal("1000"),
        payment_terms_days=30,
        reason="Growing",
        investigation=CreditInvestigationFactory(account=account),
    )
    credit.credit_request_approve(request=request, actor=manager, comment="Fine")

    assert [name for name, _payload in emitted()] == ["credit_request.submitted", "credit_request.decided"]
    decided = emitted()[1][1]
    assert (decided["status"], decided["approved_limit"], decided["by"]) == ("approved", "1000.00", "manager")


def test_an_order_over_the_limit_emits_created_held_then_released(account, rep, credit_approver):
    CreditLimitFactory(account=account, amount=Decimal("100"))
    product = ProductFactory(unit_price=Decimal("250"))
    order = order_create(
        account=account,
        actor=rep,
        number="SO-9",
        order_date=datetime.date(2026, 3, 2),
        lines=[LineInput(product_id=product.pk, quantity=Decimal("1"))],
    )
    holds.hold_release(hold=CreditHold.objects.get(order=order), actor=credit_approver, reason="Good payer")

    names = [name for name, _payload in emitted()]
    assert names == ["order.created", "order.held", "order.released"]
    created, held, released = (payload for _name, payload in emitted())
    assert (created["number"], created["status"], created["amount"]) == ("SO-9", "on_hold", "250.00")
    assert held["reasons"]
    assert (released["status"], released["released_by"]) == ("confirmed", "credit_approver")
