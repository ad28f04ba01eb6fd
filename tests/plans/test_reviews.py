"""The review cadence: mark reviewed, and one reminder per due review."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from accounts.models import AccountPlan
from accounts.services import plan_mark_reviewed
from plans.tasks import send_review_reminders
from tests.factories import AccountPlanFactory
from users.models import Notification

TODAY = datetime.date(2026, 6, 30)

pytestmark = pytest.mark.django_db


def test_marking_reviewed_records_who_and_when_and_moves_the_next_review(account, teammate, settings):
    settings.PLANS_REVIEW_EVERY_WEEKS = 13
    plan = plan_mark_reviewed(account=account, actor=teammate, today=TODAY)
    assert (plan.reviewed_by, plan.review_on) == (teammate, TODAY + datetime.timedelta(weeks=13))
    assert plan.reviewed_at is not None
    assert plan.history.first().history_user == teammate


def test_the_plans_own_cadence_wins_over_the_default(account, rep):
    AccountPlanFactory(account=account, review_every_weeks=4)
    plan = plan_mark_reviewed(account=account, actor=rep, today=TODAY)
    assert plan.review_on == TODAY + datetime.timedelta(weeks=4)


def test_who_may_only_read_the_account_cannot_mark_it_reviewed(account, credit_approver):
    with pytest.raises(PermissionDenied):
        plan_mark_reviewed(account=account, actor=credit_approver, today=TODAY)
    assert not AccountPlan.objects.filter(account=account).exists()


def test_a_due_review_is_reminded_to_the_owner_once_across_two_runs(account, rep):
    plan = AccountPlanFactory(account=account, review_on=TODAY)
    AccountPlanFactory(review_on=TODAY + datetime.timedelta(days=1))  # not due yet
    assert send_review_reminders(TODAY.isoformat()) == 1
    assert send_review_reminders(TODAY.isoformat()) == 0
    reminders = Notification.objects.filter(key__startswith="plan-review:")
    assert list(reminders.values_list("recipient", "key")) == [(rep.pk, f"plan-review:{plan.pk}:{TODAY.isoformat()}")]


def test_the_next_due_review_is_reminded_in_its_turn(account, rep):
    AccountPlanFactory(account=account, review_on=TODAY)
    send_review_reminders(TODAY.isoformat())
    later = plan_mark_reviewed(account=account, actor=rep, today=TODAY).review_on
    assert send_review_reminders(later.isoformat()) == 1
    assert Notification.objects.filter(recipient=rep, key__startswith="plan-review:").count() == 2


def test_the_reminder_runs_every_day(settings):
    assert settings.CELERY_BEAT_SCHEDULE["plans-review-reminders"]["task"] == "plans.tasks.send_review_reminders"
