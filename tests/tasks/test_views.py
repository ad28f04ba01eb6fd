"""Task pages: my tasks, the team's, the account's tab, the form; each through the doors."""

from __future__ import annotations

import datetime

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from tasks.models import Task
from tasks.selectors import tasks_due_for
from tests.factories import AccountFactory, TaskFactory, VisitFactory

pytestmark = pytest.mark.django_db


def test_my_tasks_lists_my_open_tasks_only(client, rep, teammate, account):
    mine = TaskFactory(account=account, owner=rep, title="Mine")
    TaskFactory(account=account, owner=teammate, title="Theirs")
    TaskFactory(account=account, owner=rep, title="Finished", done_at=timezone.now())
    client.force_login(rep)

    page = client.get(reverse("tasks:mine")).content.decode()

    assert mine.title in page and "Theirs" not in page and "Finished" not in page


def test_the_manager_sees_the_teams_tasks_and_not_another_teams(client, manager, account, foreign_account):
    TaskFactory(account=account, title="North task")
    TaskFactory(account=foreign_account, title="South task")
    client.force_login(manager)

    page = client.get(reverse("tasks:team")).content.decode()

    assert "North task" in page and "South task" not in page


def test_a_rep_adds_a_task_by_hand(client, rep, account):
    client.force_login(rep)
    due = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()

    response = client.post(
        reverse("tasks:create", args=[account.pk]), {"title": "Book a demo", "due_on": due, "owner": rep.pk}
    )

    assert response.status_code == 302
    assert Task.objects.get().title == "Book a demo"


def test_the_account_tab_offers_a_visits_next_step_until_it_is_a_task(client, rep, account):
    visit = VisitFactory(account=account, next_step="Send the brochure")
    client.force_login(rep)
    url = reverse("tasks:account_panel", args=[account.pk])

    assert "Make it a task" in client.get(url).content.decode()
    client.post(reverse("tasks:from_visit", args=[visit.pk]))

    page = client.get(url).content.decode()
    assert "Make it a task" not in page and "Send the brochure" in page


def test_another_team_cannot_complete_a_task(client, other_rep, account):
    task = TaskFactory(account=account)
    client.force_login(other_rep)

    assert client.post(reverse("tasks:complete", args=[task.pk])).status_code == 404
    task.refresh_from_db()
    assert task.done_at is None


def test_the_homes_block_shows_tasks_due_within_a_week(rep, account):
    today = timezone.localdate()
    TaskFactory(account=account, title="Soon", due_on=today + datetime.timedelta(days=2))
    TaskFactory(account=account, title="Later", due_on=today + datetime.timedelta(days=30))
    request = RequestFactory().get("/")
    request.user = rep

    html = Template("{% load task_tags %}{% tasks_due %}").render(Context({"request": request}))

    assert [task.title for task in tasks_due_for(rep, today=today)] == ["Soon"]
    assert "Soon" in html and "Later" not in html


@pytest.mark.parametrize("count", [1, 15])
def test_my_tasks_costs_the_same_queries_for_few_and_many(client, rep, count, django_assert_num_queries):
    accounts = AccountFactory.create_batch(3, owner=rep)
    for number in range(count):
        TaskFactory(account=accounts[number % 3], owner=rep)
    client.force_login(rep)
    # session, user, the capped count for the pager, the page of tasks with their accounts,
    # owners, contacts and opportunities
    with django_assert_num_queries(4):
        response = client.get(reverse("tasks:mine"))
    assert response.content.decode().count('bi-check2"') == count


@pytest.mark.parametrize("count", [1, 15])
def test_the_account_tab_costs_the_same_queries_for_few_and_many(
    client, rep, account, count, django_assert_num_queries
):
    TaskFactory.create_batch(count, account=account)
    VisitFactory.create_batch(count, account=account, next_step="Call")
    client.force_login(rep)
    # session, user, the account, may-change, the tasks, the visits' next steps without a task
    with django_assert_num_queries(6):
        client.get(reverse("tasks:account_panel", args=[account.pk]))
