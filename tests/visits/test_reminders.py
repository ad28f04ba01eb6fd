"""The daily reminder job tells each person each reminder once, in their language."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connections

from accounts.models import AccountTeamMember
from config.celery_app import app as celery_app
from tests.factories import AccountFactory, ContactFactory, CreditReviewFactory, HolidayFactory, VisitFactory
from users.models import Notification
from visits import tasks
from visits.reminders import reminders_send

TODAY = datetime.date(2026, 11, 18)


@pytest.fixture
def eager_tasks(monkeypatch):
    """E-mails are sent by a task: run it inline even when the suite runs against a broker."""
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)


def overdue_account(owner, name="Overdue Ltd"):
    account = AccountFactory(owner=owner, name=name)
    VisitFactory(account=account, visited_on=TODAY - datetime.timedelta(days=40))
    return account


def test_an_overdue_account_is_reminded_to_its_owner_once(rep):
    account = overdue_account(rep)
    first = reminders_send(today=TODAY)
    second = reminders_send(today=TODAY)
    assert first.sent["overdue"] == 1
    assert second.total == 0
    notification = Notification.objects.get(recipient=rep)
    assert notification.key == f"visits:overdue:{account.pk}:2026-11-08"
    assert notification.subject == "Visit overdue: Overdue Ltd"
    assert notification.link == account.get_absolute_url()


def test_the_task_run_twice_in_a_row_sends_each_reminder_and_email_once(
    rep, teammate, account, eager_tasks, django_capture_on_commit_callbacks
):
    overdue_account(rep)
    VisitFactory(account=account, rep=teammate, visited_on=TODAY - datetime.timedelta(days=5), next_follow_up=TODAY)
    HolidayFactory(date=TODAY + datetime.timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        first = tasks.send_daily_reminders(TODAY.isoformat())
    with django_capture_on_commit_callbacks(execute=True):
        second = tasks.send_daily_reminders(TODAY.isoformat())
    # the holiday goes to everyone who sells and owns accounts: here the rep only
    assert first == {"follow_up": 1, "overdue": 1, "birthday": 0, "holiday": 1, "credit_review": 0}
    assert sum(second.values()) == 0
    assert Notification.objects.count() == 3
    assert sorted(message.to[0] for message in mail.outbox) == sorted([rep.email, rep.email, teammate.email])


@pytest.mark.parametrize("accounts", [3, 30])
def test_a_second_run_costs_a_fixed_number_of_queries(rep, django_assert_num_queries, accounts):
    for index in range(accounts):
        overdue_account(rep, name=f"Overdue {index}")
    assert reminders_send(today=TODAY).sent["overdue"] == accounts
    # follow-ups due (none); the cadence rows, overdue accounts, who may see them (one per recipient), the claims
    # already made; birthdays (none); holidays (none); credit reviews (none)
    with django_assert_num_queries(8):
        assert reminders_send(today=TODAY).total == 0


def test_reminders_are_written_in_each_persons_language(rep):
    rep.language = "zh-hans"
    rep.save(update_fields=["language"])
    overdue_account(rep, name="北方贸易")
    HolidayFactory(date=TODAY + datetime.timedelta(days=2))
    reminders_send(today=TODAY)
    subjects = set(Notification.objects.filter(recipient=rep).values_list("subject", flat=True))
    assert "拜访逾期：北方贸易" in subjects
    assert any(subject.startswith("中秋节") for subject in subjects)


def test_a_follow_up_already_met_by_a_later_visit_is_not_reminded(rep, account):
    VisitFactory(account=account, visited_on=TODAY - datetime.timedelta(days=6), next_follow_up=TODAY)
    VisitFactory(account=account, visited_on=TODAY - datetime.timedelta(days=1))
    assert reminders_send(today=TODAY).sent["follow_up"] == 0


def test_a_follow_up_is_not_sent_to_someone_who_no_longer_sees_the_account(rep, teammate, account):
    VisitFactory(account=account, rep=teammate, visited_on=TODAY - datetime.timedelta(days=6), next_follow_up=TODAY)
    AccountTeamMember.objects.filter(account=account, user=teammate).delete()
    reminders_send(today=TODAY)
    assert not Notification.objects.filter(recipient=teammate).exists()


def test_a_holiday_is_announced_only_within_its_reminder_window(rep, account):
    HolidayFactory(date=TODAY + datetime.timedelta(days=10), remind_days_before=7)
    assert reminders_send(today=TODAY).sent["holiday"] == 0
    assert reminders_send(today=TODAY + datetime.timedelta(days=3)).sent["holiday"] == 1


def test_birthdays_in_the_coming_week_go_to_the_owner_and_the_relationship_owner_once(rep, teammate, account):
    ContactFactory(account=account, name="Li Wei", birthday=datetime.date(1975, 11, 21), relationship_owner=teammate)
    ContactFactory(account=account, name="Far Off", birthday=datetime.date(1980, 12, 20))
    ContactFactory(account=account, name="Gone", birthday=datetime.date(1980, 11, 19), left_company=True, left_on=TODAY)
    first = reminders_send(today=TODAY)
    again = reminders_send(today=TODAY + datetime.timedelta(days=1))
    assert (first.sent["birthday"], again.sent["birthday"]) == (2, 0)
    notified = Notification.objects.filter(key__startswith="visits:birthday:")
    assert set(notified.values_list("recipient__username", flat=True)) == {"rep", "teammate"}
    assert notified.first().subject == "Birthday on 2026-11-21: Li Wei (Northwind Trading)"


def test_birthdays_are_found_across_the_new_year_and_on_29_february(rep, account):
    ContactFactory(account=account, name="New Year", birthday=datetime.date(1970, 1, 2))
    ContactFactory(account=account, name="Leap", birthday=datetime.date(1972, 2, 29))
    reminders_send(today=datetime.date(2026, 12, 30))
    reminders_send(today=datetime.date(2027, 2, 25))
    keys = set(Notification.objects.values_list("key", flat=True))
    assert any(key.endswith(":2027-01-02") for key in keys)
    assert any(key.endswith(":2027-02-28") for key in keys)  # no 29 February in 2027


def test_the_job_is_on_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["visits-daily-reminders"]
    assert entry["task"] == "visits.tasks.send_daily_reminders"
    assert entry["task"] in celery_app.tasks


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_time_send_each_reminder_once(rep, teammate, account):
    for index in range(20):
        overdue_account(rep, name=f"Overdue {index}")
    VisitFactory(account=account, rep=teammate, visited_on=TODAY - datetime.timedelta(days=5), next_follow_up=TODAY)
    HolidayFactory(date=TODAY + datetime.timedelta(days=3))
    start = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            start.wait(timeout=10)
            results.append(reminders_send(today=TODAY).total)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert len(results) == 2
    expected = 20 + 1 + 1  # overdue, follow-up, the holiday for the rep who owns accounts
    assert sum(results) == expected
    assert Notification.objects.count() == expected
    assert Notification.objects.values("recipient", "key").distinct().count() == expected


def test_a_credit_review_still_open_after_a_week_is_reminded_to_the_owner_once(rep, account, foreign_account):
    CreditReviewFactory(account=account, opened_on=TODAY - datetime.timedelta(days=8))
    CreditReviewFactory(account=foreign_account, opened_on=TODAY - datetime.timedelta(days=2))  # too recent
    first = reminders_send(today=TODAY)
    second = reminders_send(today=TODAY)
    assert (first.sent["credit_review"], second.sent["credit_review"]) == (1, 0)
    notification = Notification.objects.get(key__startswith="visits:credit-review:")
    assert notification.recipient == rep
    assert notification.subject == "Credit review due: Northwind Trading"
