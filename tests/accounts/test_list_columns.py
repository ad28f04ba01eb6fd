"""The account list: a rep's own accounts first, the stored tier, revenue and visit columns, and
saved filters."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import SavedFilter
from accounts.services import MAX_SAVED_FILTERS
from tests.factories import AccountFactory, AccountStandingFactory, UserFactory, VisitFactory
from visits.schedule import schedules_refresh


def test_a_rep_sees_their_own_accounts_first_and_all_they_can_see_on_request(client, rep, teammate, account):
    theirs = AccountFactory(owner=teammate, name="Teammate Co")  # rep is on Northwind's team, not this one's
    on_team = AccountFactory(owner=teammate, name="Shared Co")
    on_team.team_members.create(user=rep)
    client.force_login(rep)

    mine = client.get(reverse("accounts:list")).context["accounts"]
    every = client.get(reverse("accounts:list"), {"scope": "all"}).context["accounts"]

    assert [a.name for a in mine] == ["Northwind Trading"]
    assert [a.name for a in every] == ["Northwind Trading", "Shared Co"]
    assert theirs not in every


def test_a_manager_sees_every_account_of_the_team_by_default(client, manager, account, teammate):
    AccountFactory(owner=teammate, name="Teammate Co")
    client.force_login(manager)

    names = [a.name for a in client.get(reverse("accounts:list")).context["accounts"]]

    assert names == ["Northwind Trading", "Teammate Co"]


def test_the_list_shows_tier_revenue_and_visits_from_the_stored_figures(client, rep, account):
    today = timezone.localdate()
    AccountStandingFactory(account=account, abc_tier="A", measure=Decimal("1234567.89"))
    VisitFactory(account=account, visited_on=today - datetime.timedelta(days=20))
    schedules_refresh()
    client.force_login(rep)

    page = client.get(reverse("accounts:list")).content.decode()

    assert 'data-column="tier">A<' in page
    assert "1,234,567.89" in page
    assert date_format(today - datetime.timedelta(days=20), "SHORT_DATE_FORMAT") in page
    # tier A is visited every 7 days: the next visit was due 13 days ago
    assert 'text-danger" data-column="next_visit"' in page


def test_the_list_sorts_by_revenue_with_unscored_accounts_last(client, manager, rep):
    for name, measure in (("Small", "10"), ("Big", "900"), ("Middle", "50")):
        AccountStandingFactory(account=AccountFactory(owner=rep, name=name), measure=Decimal(measure))
    AccountFactory(owner=rep, name="Unscored")
    client.force_login(manager)

    names = [a.name for a in client.get(reverse("accounts:list"), {"sort": "-revenue"}).context["accounts"]]

    assert names == ["Big", "Middle", "Small", "Unscored"]


def test_a_user_saves_a_filter_keeping_only_the_lists_parameters(client, rep):
    client.force_login(rep)

    response = client.post(
        reverse("accounts:saved_filter_create"),
        {"name": "Chemicals", "query": "industry=chemicals&page=3&evil=%3Cscript%3E&sort=-revenue"},
    )

    saved = SavedFilter.objects.get(user=rep)
    assert (saved.name, saved.query) == ("Chemicals", "industry=chemicals&sort=-revenue")
    assert response["Location"] == reverse("accounts:list") + "?industry=chemicals&sort=-revenue"
    assert "Chemicals" in client.get(reverse("accounts:list")).content.decode()


def test_saved_filters_are_bounded_per_user(client, rep):
    for index in range(MAX_SAVED_FILTERS):
        SavedFilter.objects.create(user=rep, name=f"F{index}", query="scope=all")
    client.force_login(rep)

    client.post(reverse("accounts:saved_filter_create"), {"name": "One more", "query": "scope=all"})

    assert SavedFilter.objects.filter(user=rep).count() == MAX_SAVED_FILTERS


def test_a_user_cannot_delete_someone_elses_filter(client, rep):
    other = SavedFilter.objects.create(user=UserFactory(), name="Theirs", query="")
    client.force_login(rep)

    response = client.post(reverse("accounts:saved_filter_delete", args=[other.pk]))

    assert response.status_code == 404
    assert SavedFilter.objects.filter(pk=other.pk).exists()


@pytest.mark.parametrize("size", [3, 30])
def test_the_list_with_its_columns_runs_a_fixed_number_of_queries(client, rep, django_assert_num_queries, size):
    for account in AccountFactory.create_batch(size, owner=rep):
        AccountStandingFactory(account=account)
        VisitFactory(account=account)
    schedules_refresh()
    SavedFilter.objects.create(user=rep, name="Mine", query="scope=mine")
    client.force_login(rep)

    # session, user, owner choices, region choices, count, the page with its stored figures
    # joined, saved filters, the custom fields' filters
    with django_assert_num_queries(8):
        response = client.get(reverse("accounts:list"), {"sort": "next_visit"})

    assert len(response.context["rows"]) == min(size, 25)
