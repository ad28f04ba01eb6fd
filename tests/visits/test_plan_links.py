"""Every link on the visit plan answers for whoever sees it, and the plan marks today and what was missed."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import AccountFactory, PlanItemFactory
from visits.models import PlanStatus

PLAN_LINK = re.compile(r'href="(\?[^"]*)"')


@pytest.mark.parametrize("role", ["rep", "manager", "admin_user"])
def test_every_period_link_on_the_plan_answers_for_each_role_that_opens_it(client, request, role, rep):
    client.force_login(request.getfixturevalue(role))
    url = reverse("visits:plan")
    page = client.get(url).content.decode()
    links = {link.replace("&amp;", "&") for link in PLAN_LINK.findall(page)}
    assert len(links) == 4  # week, month, previous, next
    for link in links:
        assert client.get(url + link).status_code == 200, link


def test_an_admin_without_a_plan_of_their_own_opens_the_first_sellers_and_may_pick_another(
    client, admin_user, rep, manager
):
    client.force_login(admin_user)
    response = client.get(reverse("visits:plan"))
    assert response.context["plan_rep"] in (rep, manager)
    assert {person.pk for person in response.context["rep_choices"]} >= {rep.pk, manager.pk}
    assert admin_user not in response.context["rep_choices"]
    assert client.get(reverse("visits:plan"), {"rep": rep.pk}).context["plan_rep"] == rep
    assert client.get(reverse("visits:plan"), {"rep": admin_user.pk}).status_code == 404


def test_an_admin_sees_a_plain_page_when_nobody_sells_yet(client, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("visits:plan"))
    assert response.status_code == 200
    assert 'id="no-plan"' in response.content.decode()


def test_a_manager_picks_among_their_team_and_a_rep_has_no_picker(client, manager, rep, other_rep):
    client.force_login(manager)
    choices = client.get(reverse("visits:plan")).context["rep_choices"]
    assert rep in choices and manager in choices and other_rep not in choices
    client.force_login(rep)
    assert client.get(reverse("visits:plan")).context["rep_choices"] == []


def test_the_plan_marks_today_and_the_visits_missed(client, rep):
    today = timezone.localdate()
    missed = PlanItemFactory(account=AccountFactory(owner=rep), rep=rep, planned_on=today - datetime.timedelta(days=1))
    done = PlanItemFactory(
        account=AccountFactory(owner=rep),
        rep=rep,
        planned_on=today - datetime.timedelta(days=1),
        status=PlanStatus.DONE,
    )
    PlanItemFactory(account=AccountFactory(owner=rep), rep=rep, planned_on=today)
    client.force_login(rep)
    assert 'id="plan-today"' in client.get(reverse("visits:plan")).content.decode()
    start = (today - datetime.timedelta(days=1)).isoformat()  # the week of the missed visit
    page = client.get(reverse("visits:plan"), {"start": start}).content.decode()
    missed_item = page[page.index(f'id="plan-item-{missed.pk}"') :][:1500]
    done_item = page[page.index(f'id="plan-item-{done.pk}"') :][:1500]
    assert "plan-missed" in missed_item.split("</li>")[0]
    assert "plan-missed" not in done_item.split("</li>")[0]
