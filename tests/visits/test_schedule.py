"""The stored visit schedule behind the due list and the team plan: what it holds, and what
keeps it current (a logged visit at once, admin edits and owner changes at once, the hourly
job for the rest)."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import Account
from accounts.services import account_update
from tests.factories import AccountFactory, AccountStandingFactory, VisitFactory
from visits import tasks
from visits.models import Cadence, VisitSchedule
from visits.schedule import schedules_refresh
from visits.selectors import Period, due_accounts, team_plan, with_cadence

TODAY = timezone.localdate()


def stored(account) -> tuple:
    row = VisitSchedule.objects.get(account=account)
    return row.cadence_days, row.last_visited, row.next_due


def test_the_schedule_stores_what_the_cadence_rule_computes_and_a_second_refresh_writes_nothing(rep):
    visited = AccountFactory(owner=rep)
    VisitFactory(account=visited, visited_on=TODAY - datetime.timedelta(days=10))
    key_account = AccountFactory(owner=rep)
    AccountStandingFactory(account=key_account, abc_tier="A")
    lost = AccountFactory(owner=rep, lifecycle="lost")

    assert schedules_refresh() == 3

    expected = with_cadence(Account.objects.order_by("pk"), today=TODAY).values_list(
        "cadence_days", "last_visited", "next_due"
    )
    assert [stored(account) for account in (visited, key_account, lost)] == list(expected)
    assert stored(visited) == (30, TODAY - datetime.timedelta(days=10), TODAY + datetime.timedelta(days=20))
    assert stored(key_account)[0] == 7
    assert stored(lost)[2] is None
    assert schedules_refresh() == 0  # nothing changed: no row rewritten


def test_a_visit_logged_moves_the_account_down_the_due_list_at_once(client, rep):
    overdue = AccountFactory(owner=rep, name="Overdue")
    VisitFactory(account=overdue, visited_on=TODAY - datetime.timedelta(days=45))
    schedules_refresh()
    assert [account.name for account in due_accounts(user=rep, today=TODAY, overdue_only=True)] == ["Overdue"]

    client.force_login(rep)
    client.post(
        reverse("visits:log", args=[overdue.pk]),
        {"visited_on": TODAY.isoformat(), "purpose": "routine", "outcome": "Fine"},
    )

    assert stored(overdue)[1:] == (TODAY, TODAY + datetime.timedelta(days=30))
    assert list(due_accounts(user=rep, today=TODAY, overdue_only=True)) == []


def test_the_hourly_job_brings_in_new_accounts_and_tier_changes(rep):
    account = AccountFactory(owner=rep)
    schedules_refresh()
    AccountStandingFactory(account=account, abc_tier="A")  # a re-score made it an A account
    newcomer = AccountFactory(owner=rep)

    assert tasks.refresh_visit_schedules.delay().get() == 2

    assert stored(account)[0] == 7
    assert VisitSchedule.objects.filter(account=newcomer).exists()
    assert any(
        entry["task"] == "visits.tasks.refresh_visit_schedules" for entry in settings.CELERY_BEAT_SCHEDULE.values()
    )


def test_an_admin_changing_a_cadence_moves_the_due_dates_at_once(client, admin_user, rep):
    account = AccountFactory(owner=rep)
    VisitFactory(account=account, visited_on=TODAY - datetime.timedelta(days=10))
    schedules_refresh()
    default = Cadence.objects.get(tier="", level="", prospect_decision="")
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:visits_cadence_change", args=[default.pk]),
        {"tier": "", "level": "", "prospect_decision": "", "interval_days": 7, "preferred_time": "any",
         "senior_joins_every": 0},
    )  # fmt: skip

    assert response.status_code == 302
    assert stored(account)[2] == TODAY - datetime.timedelta(days=3)


def test_without_any_cadence_row_every_account_takes_the_default_interval(rep):
    Cadence.objects.all().delete()  # an admin removed them all (a flushed test database has none)
    account = AccountFactory(owner=rep)
    VisitFactory(account=account, visited_on=TODAY - datetime.timedelta(days=10))

    schedules_refresh()

    assert stored(account) == (30, TODAY - datetime.timedelta(days=10), TODAY + datetime.timedelta(days=20))
    assert VisitSchedule.objects.get(account=account).cadence is None


def test_an_account_given_to_another_rep_moves_its_overdue_visit_to_the_new_owners_count_at_once(
    manager, rep, teammate
):
    overdue = AccountFactory(owner=rep)
    VisitFactory(account=overdue, visited_on=TODAY - datetime.timedelta(days=45))
    schedules_refresh()
    week = Period.containing(TODAY, "week")

    def overdue_per_rep() -> dict:
        return {row.pk: row.overdue_accounts for row in team_plan(user=manager, period=week, today=TODAY)}

    assert overdue_per_rep() == {rep.pk: 1, teammate.pk: 0}

    account_update(account=overdue, actor=manager, fields={"owner": teammate})

    assert VisitSchedule.objects.get(account=overdue).owner == teammate
    assert overdue_per_rep() == {rep.pk: 0, teammate.pk: 1}
