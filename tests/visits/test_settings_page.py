"""The visit settings page: an admin changes a cadence or a holiday in the app; due dates and
suggested plans follow at once, and the change is recorded with who, when, before and after."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from tests.factories import AccountFactory, HolidayFactory, UserFactory, VisitFactory
from tests.forms import form_post
from users.models import Role, SettingChange
from visits.cadences import CADENCES_KEY, HOLIDAYS_KEY
from visits.models import Cadence, Holiday, PlanItem, VisitSchedule
from visits.schedule import schedules_refresh
from visits.selectors import Period
from visits.services import plan_suggest

MONDAY = datetime.date(2027, 3, 1)
VISITED = MONDAY - datetime.timedelta(days=10)


def page_post(client, **changes) -> dict:
    context = client.get(reverse("visits:settings")).context
    return {**form_post(context["cadences"]), **form_post(context["holidays"]), **changes}


def default_row(client) -> int:
    """The position of the default cadence (every field blank) on the page."""
    forms = client.get(reverse("visits:settings")).context["cadences"].forms
    return next(
        n
        for n, form in enumerate(forms)
        if form.instance.pk and not form.instance.tier and not form.instance.prospect_decision
    )


def test_a_cadence_changed_on_the_page_moves_the_next_due_visit_and_the_suggested_plan(client, rep):
    admin = UserFactory(role=Role.ADMIN)  # the role, not a superuser
    account = AccountFactory(owner=rep)
    VisitFactory(account=account, visited_on=VISITED)
    schedules_refresh()
    week = Period.containing(MONDAY, "week")
    assert VisitSchedule.objects.get(account=account).next_due == VISITED + datetime.timedelta(days=30)
    assert plan_suggest(rep=rep, period=week, today=MONDAY) == 0  # due in three weeks
    client.force_login(admin)
    row = default_row(client)

    response = client.post(reverse("visits:settings"), page_post(client, **{f"cadence-{row}-interval_days": "7"}))

    assert response.status_code == 302
    assert VisitSchedule.objects.get(account=account).next_due == VISITED + datetime.timedelta(days=7)
    assert plan_suggest(rep=rep, period=week, today=MONDAY) == 1  # overdue: planned this week
    assert PlanItem.objects.get(account=account).planned_on == MONDAY
    change = SettingChange.objects.get(key=CADENCES_KEY)
    assert change.changed_by == admin
    [removed], [added] = [
        [row for row in rows if not row["tier"] and not row["prospect_decision"]]
        for rows in (change.previous, change.value)
    ]
    assert (removed["interval_days"], added["interval_days"]) == (30, 7)
    assert client.get(reverse("visits:settings")).context["cadence_changes"][0].changed_by == admin


def test_a_holiday_is_added_and_recorded(client, admin_user):
    client.force_login(admin_user)
    holiday = {"holiday-0-date": "2026-10-01", "holiday-0-name": "National Day", "holiday-0-name_zh_hans": "国庆节"}

    client.post(reverse("visits:settings"), page_post(client, **holiday, **{"holiday-0-remind_days_before": "5"}))

    assert Holiday.objects.get().remind_days_before == 5
    assert SettingChange.objects.get(key=HOLIDAYS_KEY).value == [
        {"date": "2026-10-01", "name": "National Day", "name_zh_hans": "国庆节", "remind_days_before": 5}
    ]
    assert not SettingChange.objects.filter(key=CADENCES_KEY).exists()


def test_invalid_input_is_a_form_error(client, admin_user):
    client.force_login(admin_user)
    count = Cadence.objects.count()
    for changes in (
        {"cadence-0-interval_days": "-1"},
        {"cadence-0-interval_days": "99999999999999999999"},
        {"cadence-0-tier": "Z"},
        {"holiday-0-date": "9999-12-31", "holiday-0-name": "Far"},
        {f"cadence-{count}-interval_days": "5"},  # a second default row: the unique rule refuses it
    ):
        response = client.post(reverse("visits:settings"), page_post(client, **changes))
        assert response.status_code == 200, changes
        assert not (response.context["cadences"].is_valid() and response.context["holidays"].is_valid())
    assert not SettingChange.objects.exists()


def test_saving_unchanged_records_nothing(client, admin_user):
    client.force_login(admin_user)

    assert client.post(reverse("visits:settings"), page_post(client)).status_code == 302

    assert not SettingChange.objects.exists()


@pytest.mark.parametrize("holidays", [2, 20])
def test_the_page_costs_the_same_whatever_the_number_of_holidays(
    client, admin_user, django_assert_max_num_queries, holidays
):
    for n in range(holidays):
        HolidayFactory(date=MONDAY + datetime.timedelta(days=n))
    client.force_login(admin_user)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("visits:settings"))

    assert len(response.context["holidays"].forms) == holidays + 1  # and a blank one to add
