"""Each account's next due visit and whether it is overdue, computed in SQL by its cadence."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Account
from tests.factories import AccountFactory, AccountStandingFactory, VisitFactory
from visits.models import Cadence
from visits.schedule import schedules_refresh
from visits.selectors import due_accounts, with_cadence

TODAY = datetime.date(2026, 11, 18)


def annotated(account):
    return with_cadence(Account.objects.filter(pk=account.pk), today=TODAY).get()


def test_an_account_without_a_standing_follows_the_default_cadence(account):
    VisitFactory(account=account, visited_on=TODAY - datetime.timedelta(days=10))
    VisitFactory(account=account, visited_on=TODAY - datetime.timedelta(days=40))
    row = annotated(account)
    assert row.cadence_days == 30
    assert row.last_visited == TODAY - datetime.timedelta(days=10)
    assert row.next_due == TODAY + datetime.timedelta(days=20)
    assert row.is_overdue is False


def test_an_account_past_its_interval_is_overdue(account):
    VisitFactory(account=account, visited_on=TODAY - datetime.timedelta(days=31))
    row = annotated(account)
    assert row.next_due == TODAY - datetime.timedelta(days=1)
    assert row.is_overdue is True


def test_the_default_cadence_is_configurable(account):
    Cadence.objects.filter(tier="", level="", prospect_decision="").update(interval_days=10)
    VisitFactory(account=account, visited_on=TODAY - datetime.timedelta(days=12))
    row = annotated(account)
    assert row.cadence_days == 10
    assert row.is_overdue is True


def test_a_never_visited_account_is_due_one_interval_after_it_was_created(account):
    created = timezone.make_aware(datetime.datetime(2026, 10, 1, 12))
    Account.objects.filter(pk=account.pk).update(created_at=created)
    row = annotated(account)
    assert row.last_visited is None
    assert row.next_due == datetime.date(2026, 10, 31)
    assert row.is_overdue is True


def test_a_lost_account_has_no_due_visit(account):
    Account.objects.filter(pk=account.pk).update(lifecycle="lost")
    VisitFactory(account=account, visited_on=TODAY - datetime.timedelta(days=90))
    row = annotated(account)
    assert row.next_due is None
    assert row.is_overdue is False


def test_due_list_filters_overdue_in_sql_and_sorts_the_most_overdue_first(rep):
    late = AccountFactory(owner=rep, name="Late")
    later = AccountFactory(owner=rep, name="Very late")
    fine = AccountFactory(owner=rep, name="Fine")
    VisitFactory(account=late, visited_on=TODAY - datetime.timedelta(days=35))
    VisitFactory(account=later, visited_on=TODAY - datetime.timedelta(days=60))
    VisitFactory(account=fine, visited_on=TODAY - datetime.timedelta(days=3))
    schedules_refresh()  # factories write past visit_log, which keeps the schedule
    overdue = due_accounts(user=rep, today=TODAY, overdue_only=True)
    assert [a.name for a in overdue] == ["Very late", "Late"]
    assert [a.name for a in due_accounts(user=rep, today=TODAY)] == ["Very late", "Late", "Fine"]


def test_due_list_shows_only_visible_accounts(client, rep, account, foreign_account):
    schedules_refresh()
    client.force_login(rep)
    page = client.get(reverse("visits:due")).content.decode()
    assert account.name in page
    assert foreign_account.name not in page


@pytest.mark.parametrize("accounts_count", [3, 40])
def test_due_list_runs_a_fixed_number_of_queries(client, manager, rep, django_assert_num_queries, accounts_count):
    for account in AccountFactory.create_batch(accounts_count, owner=rep):
        VisitFactory(account=account, visited_on=timezone.localdate() - datetime.timedelta(days=40))
    schedules_refresh()
    client.force_login(manager)
    # session, user, count, the page of accounts with owners and their stored schedule
    with django_assert_num_queries(4):
        response = client.get(reverse("visits:due"), {"overdue": "1"})
    assert len(response.context["accounts"]) == min(accounts_count, 25)


@pytest.mark.parametrize(
    ("decision", "interval", "due"),
    [
        ("pursue", 14, datetime.date(2026, 11, 22)),
        ("dont_give_up", 30, datetime.date(2026, 12, 8)),
        ("give_up", 0, None),
    ],
)
def test_prospects_follow_their_pursue_decision(account, decision, interval, due):
    Account.objects.filter(pk=account.pk).update(lifecycle="prospect", prospect_decision=decision)
    VisitFactory(account=account, visited_on=datetime.date(2026, 11, 8))
    row = annotated(account)
    assert (row.cadence_days, row.next_due) == (interval, due)


def test_a_pursue_decision_left_on_an_active_account_does_not_count(account):
    Account.objects.filter(pk=account.pk).update(lifecycle="active", prospect_decision="give_up")
    assert annotated(account).cadence_days == 30


def test_tier_a_is_visited_weekly_in_the_morning_with_a_senior_manager_every_fourth_visit(account):
    AccountStandingFactory(account=account, abc_tier="A", level="key")
    VisitFactory(account=account, visited_on=TODAY - datetime.timedelta(days=8))
    row = annotated(account)
    assert (row.visit_tier, row.cadence_days, row.is_overdue) == ("A", 7, True)
    cadence = Cadence.objects.get(pk=row.cadence_id)
    assert (cadence.preferred_time, cadence.senior_joins_every) == ("morning", 4)


@pytest.mark.parametrize(("tier", "days"), [("B", 14), ("C", 30)])
def test_tiers_b_and_c_are_visited_less_often(account, tier, days):
    AccountStandingFactory(account=account, abc_tier=tier)
    assert annotated(account).cadence_days == days


def test_a_cadence_for_a_tier_and_level_beats_the_tiers_own(account, rep):
    Cadence.objects.create(tier="A", level="vip", interval_days=5, preferred_time="morning")
    vip = AccountFactory(owner=rep)
    AccountStandingFactory(account=vip, abc_tier="A", level="vip")
    AccountStandingFactory(account=account, abc_tier="A", level="key")
    rows = {row.pk: row.cadence_days for row in with_cadence(Account.objects.all(), today=TODAY)}
    assert rows == {vip.pk: 5, account.pk: 7}


def test_a_prospects_decision_beats_its_tier(account):
    AccountStandingFactory(account=account, abc_tier="A")
    Account.objects.filter(pk=account.pk).update(lifecycle="prospect", prospect_decision="give_up")
    assert annotated(account).cadence_days == 0
