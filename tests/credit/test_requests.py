"""A credit-limit request from submission to decision, through the pages and the services."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from credit import services
from credit.models import ITEM_NAMES, CreditInvestigation, CreditLimit, CreditRequest, RequestStatus, Route
from credit.positions import positions_refresh
from tests.factories import (
    AccountFactory,
    CreditInvestigationFactory,
    CreditLimitFactory,
    CreditRequestFactory,
    OrderFactory,
    OrderLineFactory,
    UserFactory,
)
from users.models import Notification, Role


@pytest.fixture
def investigation(account):
    return CreditInvestigationFactory(account=account)


def submit(client, user, account, investigation, amount="300000", terms="60"):
    client.force_login(user)
    return client.post(
        reverse("credit:request_create", args=[account.pk]),
        {
            "requested_limit": amount,
            "payment_terms_days": terms,
            "investigation": investigation.pk,
            "reason": "Bigger orders",
        },
    )


def decide(client, user, credit_request, **data):
    client.force_login(user)
    return client.post(reverse("credit:request_decide", args=[credit_request.pk]), {"comment": "", **data})


def test_request_within_the_managers_limit_goes_to_the_manager_who_is_notified(
    client, rep, manager, account, investigation
):
    response = submit(client, rep, account, investigation, amount="300000")

    credit_request = CreditRequest.objects.get()
    assert response.status_code == 302
    assert (credit_request.status, credit_request.route, credit_request.assigned_manager) == (
        RequestStatus.SUBMITTED,
        Route.MANAGER,
        manager,
    )
    assert Notification.objects.filter(recipient=manager, link=credit_request.get_absolute_url()).count() == 1


def test_request_above_the_managers_limit_goes_to_the_credit_approvers(
    client, rep, manager, credit_approver, account, investigation
):
    submit(client, rep, account, investigation, amount="500000.01")

    credit_request = CreditRequest.objects.get()
    assert (credit_request.route, credit_request.assigned_manager) == (Route.CREDIT, None)
    assert Notification.objects.filter(recipient=credit_approver).count() == 1
    assert not Notification.objects.filter(recipient=manager).exists()


def test_submit_then_approve_sets_the_limit_from_its_date_and_records_the_timeline(
    client, rep, manager, account, investigation
):
    submit(client, rep, account, investigation, amount="300000", terms="60")
    credit_request = CreditRequest.objects.get()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = decide(
        client,
        manager,
        credit_request,
        action="approve",
        approved_limit="250000",
        approved_terms_days="45",
        effective_from=tomorrow.isoformat(),
        comment="Start lower",
    )

    assert response.status_code == 302
    credit_request.refresh_from_db()
    assert credit_request.status == RequestStatus.APPROVED
    assert (credit_request.approved_limit, credit_request.approved_terms_days) == (Decimal("250000"), 45)
    assert credit_request.decided_by == manager
    limit = CreditLimit.objects.get(account=account)
    assert (limit.amount, limit.payment_terms_days, limit.effective_from, limit.request) == (
        Decimal("250000"),
        45,
        tomorrow,
        credit_request,
    )
    assert CreditLimit.objects.filter(account=account).in_force().first() is None  # not before its date
    assert CreditLimit.objects.filter(account=account).in_force(tomorrow).first() == limit
    timeline = [(e.actor, e.from_status, e.to_status, e.comment) for e in credit_request.events.all()]
    assert timeline == [
        (rep, "", RequestStatus.SUBMITTED, "Bigger orders"),
        (manager, RequestStatus.SUBMITTED, RequestStatus.APPROVED, "Start lower"),
    ]
    assert Notification.objects.filter(recipient=rep, subject__contains="approved").count() == 1
    page = client.get(credit_request.get_absolute_url()).content.decode()
    assert "Start lower" in page
    assert "250,000.00" in page


def test_an_approver_cannot_approve_more_than_was_asked(rep, manager, account):
    credit_request = CreditRequestFactory(account=account, requested_limit=Decimal("100000"))
    with pytest.raises(services.CreditError):
        services.credit_request_approve(
            request=credit_request, actor=manager, comment="", approved_limit=Decimal("100001")
        )
    credit_request.refresh_from_db()
    assert credit_request.status == RequestStatus.SUBMITTED


def test_reject_needs_a_reason_and_tells_the_requester(client, rep, manager, account):
    credit_request = CreditRequestFactory(account=account)
    decide(client, manager, credit_request, action="reject", comment="")
    credit_request.refresh_from_db()
    assert credit_request.status == RequestStatus.SUBMITTED

    decide(client, manager, credit_request, action="reject", comment="Too many overdue invoices")

    credit_request.refresh_from_db()
    assert credit_request.status == RequestStatus.REJECTED
    assert not CreditLimit.objects.exists()
    assert Notification.objects.get(recipient=rep).body.endswith("Too many overdue invoices")


def test_returned_request_is_answered_and_submitted_again(client, rep, manager, account, investigation):
    submit(client, rep, account, investigation)
    credit_request = CreditRequest.objects.get()
    decide(client, manager, credit_request, action="return", comment="Which bank references?")
    credit_request.refresh_from_db()
    assert credit_request.status == RequestStatus.RETURNED

    client.force_login(rep)
    response = client.post(
        reverse("credit:request_resubmit", args=[credit_request.pk]),
        {
            "requested_limit": "200000",
            "payment_terms_days": "30",
            "investigation": investigation.pk,
            "reason": "Bigger orders",
            "comment": "ICBC and CCB",
        },
    )

    assert response.status_code == 302
    credit_request.refresh_from_db()
    assert (credit_request.status, credit_request.requested_limit) == (RequestStatus.SUBMITTED, Decimal("200000"))
    assert [e.to_status for e in credit_request.events.all()] == [
        RequestStatus.SUBMITTED,
        RequestStatus.RETURNED,
        RequestStatus.SUBMITTED,
    ]
    assert credit_request.events.last().comment == "ICBC and CCB"


def test_only_the_requester_resubmits(client, teammate, manager, account):
    credit_request = CreditRequestFactory(account=account, status=RequestStatus.RETURNED)
    client.force_login(teammate)
    assert client.get(reverse("credit:request_resubmit", args=[credit_request.pk])).status_code == 403


def test_nobody_decides_their_own_request(client, admin_user, rep, account):
    credit_request = CreditRequestFactory(
        account=account, requested_by=admin_user, route=Route.CREDIT, assigned_manager=None
    )
    response = decide(client, admin_user, credit_request, action="approve")
    assert response.status_code == 403
    with pytest.raises(services.CreditError):
        services.credit_request_approve(request=credit_request, actor=admin_user, comment="")
    credit_request.refresh_from_db()
    assert credit_request.status == RequestStatus.SUBMITTED


def test_nobody_decides_a_request_for_an_account_they_own(client, manager, credit_approver):
    own_account = AccountFactory(owner=manager)
    investigation = CreditInvestigationFactory(account=own_account)
    credit_request = services.credit_request_submit(
        account=own_account,
        actor=manager,
        requested_limit=Decimal("1000"),
        payment_terms_days=30,
        reason="mine",
        investigation=investigation,
    )
    assert credit_request.route == Route.CREDIT  # not to themselves, although within their limit

    assert decide(client, manager, credit_request, action="approve").status_code == 403
    assert decide(client, credit_approver, credit_request, action="approve").status_code == 302
    credit_request.refresh_from_db()
    assert credit_request.decided_by == credit_approver


def test_a_manager_cannot_approve_above_their_approval_limit(client, manager, account):
    credit_request = CreditRequestFactory(account=account, requested_limit=Decimal("400000"))
    manager.approval_limit = Decimal("300000")
    manager.save(update_fields=["approval_limit"])

    response = decide(client, manager, credit_request, action="approve")

    assert response.status_code == 302
    credit_request.refresh_from_db()
    assert credit_request.status == RequestStatus.SUBMITTED
    assert not CreditLimit.objects.exists()
    # … but approving a lower amount within it is theirs to do
    decide(client, manager, credit_request, action="approve", approved_limit="300000")
    credit_request.refresh_from_db()
    assert (credit_request.status, credit_request.approved_limit) == (RequestStatus.APPROVED, Decimal("300000"))


def test_a_manager_cannot_decide_what_was_routed_to_the_credit_approver(client, manager, account):
    credit_request = CreditRequestFactory(
        account=account, requested_limit=Decimal("900000"), route=Route.CREDIT, assigned_manager=None
    )
    assert decide(client, manager, credit_request, action="approve").status_code == 403


def test_a_rep_cannot_decide(client, teammate, account):
    credit_request = CreditRequestFactory(account=account)
    assert decide(client, teammate, credit_request, action="approve").status_code == 403


def test_a_decided_request_cannot_be_decided_again(client, manager, credit_approver, account):
    credit_request = CreditRequestFactory(account=account)
    decide(client, manager, credit_request, action="reject", comment="No")

    response = decide(client, credit_approver, credit_request, action="approve")

    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("no longer waiting" in m for m in messages)
    credit_request.refresh_from_db()
    assert (credit_request.status, credit_request.decided_by) == (RequestStatus.REJECTED, manager)
    assert not CreditLimit.objects.exists()


def test_a_limit_below_the_exposure_needs_confirmation_and_is_recorded(client, manager, account):
    order = OrderFactory(account=account, order_date=timezone.localdate(), due_date=timezone.localdate())
    OrderLineFactory(order=order, quantity=Decimal("1"), unit_price=Decimal("80000"))
    credit_request = CreditRequestFactory(account=account, requested_limit=Decimal("50000"))

    refused = decide(client, manager, credit_request, action="approve")
    assert refused.status_code == 400
    assert "80,000.00" in refused.content.decode()
    assert not CreditLimit.objects.exists()

    decide(client, manager, credit_request, action="approve", confirm_below_exposure="on")
    limit = CreditLimit.objects.get()
    assert (limit.amount, limit.exposure_at_change, limit.below_exposure_confirmed) == (
        Decimal("50000"),
        Decimal("80000"),
        True,
    )


def test_a_credit_approver_lowers_a_limit_directly_with_confirmation(client, credit_approver, account):
    CreditLimitFactory(account=account, amount=Decimal("100000"))
    order = OrderFactory(account=account)
    OrderLineFactory(order=order, quantity=Decimal("1"), unit_price=Decimal("60000"))
    client.force_login(credit_approver)
    url = reverse("credit:limit_set", args=[account.pk])
    data = {
        "amount": "40000",
        "payment_terms_days": "30",
        "effective_from": timezone.localdate().isoformat(),
        "reason": "Risk",
    }

    assert client.post(url, data).status_code == 200  # the form again, asking to confirm
    assert CreditLimit.objects.count() == 1
    assert client.post(url, {**data, "confirm_below_exposure": "on"}).status_code == 302
    latest = CreditLimit.objects.filter(account=account).in_force().first()
    assert (latest.amount, latest.set_by, latest.below_exposure_confirmed, latest.reason) == (
        Decimal("40000"),
        credit_approver,
        True,
        "Risk",
    )


def test_request_needs_an_investigation_first_and_continues_to_the_request_once_it_is_saved(client, rep, account):
    client.force_login(rep)
    response = client.get(reverse("credit:request_create", args=[account.pk]))
    investigation_url = reverse("credit:investigation_create", args=[account.pk]) + "?then=request"
    assert response["Location"] == investigation_url
    assert 'id="then-request"' in client.get(investigation_url).content.decode()
    ratings = dict.fromkeys(ITEM_NAMES, 4)
    saved = client.post(investigation_url, {**ratings, "investigated_on": "2026-03-01"})
    assert saved["Location"] == reverse("credit:request_create", args=[account.pk])
    assert client.get(saved["Location"]).status_code == 200  # the request form, on the new investigation


def test_an_investigation_recorded_on_its_own_shows_itself(client, rep, account):
    client.force_login(rep)
    url = reverse("credit:investigation_create", args=[account.pk])
    assert 'id="then-request"' not in client.get(url).content.decode()
    saved = client.post(url, {**dict.fromkeys(ITEM_NAMES, 4), "investigated_on": "2026-03-01"})
    assert saved["Location"] == CreditInvestigation.objects.get().get_absolute_url()


def test_investigation_of_another_account_is_refused(client, rep, account):
    other = CreditInvestigationFactory(account=AccountFactory(owner=rep))
    CreditInvestigationFactory(account=account)
    response = submit(client, rep, account, other)
    assert response.status_code == 200
    assert not CreditRequest.objects.exists()


def test_queue_lists_what_waits_for_me_oldest_first_with_exposure(client, manager, rep, account, credit_approver):
    now = timezone.now()
    second = AccountFactory(owner=rep)
    order = OrderFactory(account=second)
    OrderLineFactory(order=order, quantity=Decimal("1"), unit_price=Decimal("1234"))
    newer = CreditRequestFactory(account=account, submitted_at=now)
    older = CreditRequestFactory(account=second, submitted_at=now - datetime.timedelta(days=2))
    CreditRequestFactory(account=AccountFactory(owner=rep), route=Route.CREDIT, assigned_manager=None)
    CreditRequestFactory(account=account, status=RequestStatus.APPROVED)

    client.force_login(manager)
    response = client.get(reverse("credit:queue"))

    assert list(response.context["requests"]) == [older, newer]
    assert response.context["requests"][0].account.exposure == Decimal("1234")
    assert "1,234.00" in response.content.decode()
    client.force_login(credit_approver)
    assert len(client.get(reverse("credit:queue")).context["requests"]) == 1


@pytest.mark.parametrize("waiting", [2, 20])
def test_queue_runs_a_fixed_number_of_queries(client, manager, rep, waiting, django_assert_num_queries):
    for _ in range(waiting):
        account = AccountFactory(owner=rep)
        OrderLineFactory(order=OrderFactory(account=account))
        CreditRequestFactory(account=account)
    positions_refresh()  # factories write past the services; refresh as they would
    client.force_login(manager)
    # session, user, count, the page of requests with accounts, owners, requesters and
    # investigations, the stored credit positions of their accounts
    with django_assert_num_queries(5):
        response = client.get(reverse("credit:queue"))
    assert len(response.context["requests"]) == waiting


def test_someone_elses_manager_is_not_a_decider(client, other_manager, account):
    credit_request = CreditRequestFactory(account=account)
    assert decide(client, other_manager, credit_request, action="approve").status_code == 404


def test_manager_without_a_team_routes_to_credit(rep, account):
    lone = UserFactory(role=Role.REP)
    lone_account = AccountFactory(owner=lone)
    credit_request = services.credit_request_submit(
        account=lone_account,
        actor=lone,
        requested_limit=Decimal("10"),
        payment_terms_days=30,
        reason="x",
        investigation=CreditInvestigationFactory(account=lone_account),
    )
    assert credit_request.route == Route.CREDIT
