"""Task services: who may write, what may be linked, a visit's next step, reminders once."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tasks import services
from tasks.models import Task
from tasks.tasks import send_task_reminders
from tests.factories import ContactFactory, TaskFactory, VisitFactory
from users.models import Notification

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 10)


def test_a_teammate_adds_a_task_for_the_owner(teammate, rep, account):
    contact = ContactFactory(account=account)

    task = services.task_create(
        actor=teammate, account=account, title="Send the quote", due_on=TODAY, owner=rep, contact=contact
    )

    assert (task.owner, task.created_by, task.contact) == (rep, teammate, contact)


def test_a_task_cannot_name_another_accounts_contact(rep, account, foreign_account):
    with pytest.raises(ValidationError):
        services.task_create(
            actor=rep,
            account=account,
            title="x",
            due_on=TODAY,
            owner=rep,
            contact=ContactFactory(account=foreign_account),
        )
    assert not Task.objects.exists()


def test_a_credit_approver_who_only_reads_cannot_add_tasks(credit_approver, rep, account):
    with pytest.raises(PermissionDenied):
        services.task_create(actor=credit_approver, account=account, title="x", due_on=TODAY, owner=rep)


def test_a_visits_next_step_becomes_one_task_due_on_its_follow_up(rep, account):
    visit = VisitFactory(account=account, next_step="Call the buyer", next_follow_up=TODAY)

    first = services.task_from_visit(actor=rep, visit=visit)
    second = services.task_from_visit(actor=rep, visit=visit)

    assert first == second
    assert (first.title, first.due_on, first.owner, first.visit) == ("Call the buyer", TODAY, rep, visit)
    assert Task.objects.count() == 1


def test_a_next_step_without_a_date_is_due_a_week_after_the_visit(rep, account):
    visit = VisitFactory(account=account, visited_on=TODAY, next_step="Send samples")

    assert services.task_from_visit(actor=rep, visit=visit).due_on == TODAY + datetime.timedelta(days=7)


def test_completing_twice_counts_once(rep, account):
    task = TaskFactory(account=account)

    assert services.task_complete(actor=rep, task=task) is True
    assert services.task_complete(actor=rep, task=task) is False
    task.refresh_from_db()
    assert task.done_by == rep and task.done_at is not None


def test_each_due_task_is_reminded_once_however_often_the_job_runs(rep, account):
    due = TaskFactory(account=account, due_on=TODAY, title="Quote")
    TaskFactory(account=account, due_on=TODAY + datetime.timedelta(days=1))  # not yet due
    TaskFactory(account=account, due_on=TODAY, done_at=timezone.now())  # done

    assert send_task_reminders(TODAY.isoformat()) == 1
    assert send_task_reminders(TODAY.isoformat()) == 0

    reminder = Notification.objects.get()
    assert (reminder.recipient, reminder.key) == (rep, f"task:{due.pk}:{TODAY.isoformat()}")
    assert "Quote" in reminder.subject


def test_a_task_moved_to_a_later_date_is_reminded_again_then(rep, account):
    task = TaskFactory(account=account, due_on=TODAY)
    services.task_reminders_send(today=TODAY)
    later = TODAY + datetime.timedelta(days=3)

    services.task_update(actor=rep, task=task, due_on=later)

    assert services.task_reminders_send(today=TODAY) == 0
    assert services.task_reminders_send(today=later) == 1
    assert Notification.objects.filter(recipient=rep).count() == 2
