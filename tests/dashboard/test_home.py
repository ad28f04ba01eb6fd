"""A rep's day: their visits, follow-ups, accounts at risk and credit requests, in fixed queries."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from credit.models import RequestStatus
from tests.factories import (
    AccountFactory,
    AccountStandingFactory,
    ComplaintFactory,
    CreditRequestFactory,
    PlanItemFactory,
    VisitFactory,
)


def seed_day(rep, size: int):
    today = timezone.localdate()
    week_start = today - datetime.timedelta(days=today.weekday())
    accounts = AccountFactory.create_batch(size, owner=rep)
    for index, account in enumerate(accounts):
        AccountStandingFactory(account=account, abc_tier="C", level="ordinary")
        PlanItemFactory(account=account, planned_on=today if index % 2 else week_start + datetime.timedelta(days=6))
        VisitFactory(account=account, visited_on=today - datetime.timedelta(days=3), next_follow_up=today)
        ComplaintFactory(account=account, severity="critical")
        CreditRequestFactory(
            account=account, requested_by=rep, status=RequestStatus.APPROVED, decided_at=timezone.now()
        )
    return accounts


def test_a_rep_sees_their_day(client, rep, foreign_account):
    today = timezone.localdate()
    mine = AccountFactory(owner=rep, name="Today Co")
    AccountStandingFactory(account=mine, abc_tier="C", level="ordinary")  # the short list holds scored accounts
    PlanItemFactory(account=mine, planned_on=today)
    VisitFactory(
        account=mine, visited_on=today - datetime.timedelta(days=3), next_follow_up=today, next_step="Send samples"
    )
    ComplaintFactory(account=mine, severity="critical")
    CreditRequestFactory(account=mine, requested_by=rep, status=RequestStatus.REJECTED, decided_at=timezone.now())
    PlanItemFactory(account=foreign_account, planned_on=today)  # not the rep's
    client.force_login(rep)

    response = client.get(reverse("dashboard:home"))

    home = response.context["home"]
    assert [item.account for item in home.today_visits] == [mine]
    assert [visit.account for visit in home.follow_ups] == [mine]
    assert [account.pk for account in home.at_risk] == [mine.pk]
    assert [risk.key for risk in home.at_risk[0].risks] == ["complaint"]
    assert [request.account for request in home.decided] == [mine]
    assert home.waiting is None  # a rep decides no request
    page = response.content.decode()
    assert "Send samples" in page and "Southwind Holdings" not in page


def test_a_manager_sees_the_requests_waiting_for_them(client, manager, rep, account):
    request = CreditRequestFactory(account=account, requested_by=rep)
    client.force_login(manager)

    home = client.get(reverse("dashboard:home")).context["home"]

    assert home.waiting == [request]


@pytest.mark.parametrize("size", [1, 8])
def test_home_runs_a_fixed_number_of_queries(client, rep, django_assert_num_queries, size):
    seed_day(rep, size)
    client.force_login(rep)

    # session, user, the week's plan with accounts, follow-ups due with accounts, the rep's
    # accounts at risk (ids, then rows with reasons), requests decided lately. The rep's
    # targets load after the page (their own view, tested in test_targets.py).
    with django_assert_num_queries(7):
        response = client.get(reverse("dashboard:home"))

    assert len(response.context["home"].decided) == size


@pytest.mark.parametrize("size", [1, 8])
def test_a_managers_home_runs_a_fixed_number_of_queries(client, manager, rep, django_assert_num_queries, size):
    for account in seed_day(rep, size):
        CreditRequestFactory(account=account, requested_by=rep)
    client.force_login(manager)

    # the rep's seven but the rows at risk (the manager owns no account: no ids to describe),
    # and the requests waiting for the manager
    with django_assert_num_queries(7):
        response = client.get(reverse("dashboard:home"))

    assert len(response.context["home"].waiting) == size
