"""Weekly and monthly plans: suggested from the cadence, arranged by hand, reviewed by the manager."""

import datetime
from collections import Counter
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import AccountFactory, AccountStandingFactory, PlanItemFactory, UserFactory, VisitFactory
from users.models import Role
from visits.models import Cadence, PlanItem, PlanStatus
from visits.schedule import schedules_refresh
from visits.selectors import Period
from visits.services import plan_suggest

MONDAY = datetime.date(2026, 11, 16)


def test_suggestion_plans_overdue_accounts_from_today_and_due_ones_on_their_day(rep):
    overdue = AccountFactory(owner=rep, name="Overdue")
    due_thursday = AccountFactory(owner=rep, name="Due Thursday")
    not_due = AccountFactory(owner=rep, name="Not due")
    VisitFactory(account=overdue, visited_on=MONDAY - datetime.timedelta(days=45))
    VisitFactory(account=due_thursday, visited_on=MONDAY - datetime.timedelta(days=27))
    VisitFactory(account=not_due, visited_on=MONDAY - datetime.timedelta(days=2))
    week = Period.containing(MONDAY, "week")

    added = plan_suggest(rep=rep, period=week, today=MONDAY + datetime.timedelta(days=1))

    assert added == 2
    planned = dict(PlanItem.objects.filter(rep=rep).values_list("account__name", "planned_on"))
    assert planned == {"Overdue": MONDAY + datetime.timedelta(days=1), "Due Thursday": MONDAY + datetime.timedelta(3)}
    assert all(PlanItem.objects.values_list("suggested", flat=True))


def test_suggesting_twice_adds_nothing_more(rep):
    VisitFactory(account=AccountFactory(owner=rep), visited_on=MONDAY - datetime.timedelta(days=45))
    week = Period.containing(MONDAY, "week")
    assert plan_suggest(rep=rep, period=week, today=MONDAY) == 1
    assert plan_suggest(rep=rep, period=week, today=MONDAY) == 0
    assert PlanItem.objects.count() == 1


def test_a_monthly_plan_repeats_short_cadences_and_marks_the_senior_visits(rep):
    Cadence.objects.filter(tier="", level="", prospect_decision="").update(
        interval_days=7, preferred_time="morning", senior_joins_every=2
    )
    account = AccountFactory(owner=rep)
    VisitFactory(account=account, visited_on=datetime.date(2026, 10, 29))
    month = Period.containing(datetime.date(2026, 11, 1), "month")
    plan_suggest(rep=rep, period=month, today=datetime.date(2026, 11, 1))
    items = list(PlanItem.objects.order_by("planned_on"))
    # due 5 Nov, then weekly: 5, 12, 19, 26 November
    assert [item.planned_on.day for item in items] == [5, 12, 19, 26]
    assert {item.time_of_day for item in items} == {"morning"}
    # one visit so far: the 2nd and 4th visits are the senior manager's
    assert [item.senior_should_join for item in items] == [True, False, True, False]


def test_suggestions_fill_no_day_past_its_capacity_and_leave_the_rest_due(rep, settings):
    settings.VISITS_PER_DAY = 2
    for days_late in range(40, 52):  # twelve overdue accounts for ten free slots
        VisitFactory(account=AccountFactory(owner=rep, name=f"{days_late}"), visited_on=MONDAY - timedelta(days_late))
    PlanItemFactory(rep=rep, account=AccountFactory(owner=rep), planned_on=MONDAY)  # the rep's own, kept

    added = plan_suggest(rep=rep, period=Period.containing(MONDAY, "week"), today=MONDAY)

    assert added == 9
    per_day = Counter(PlanItem.objects.filter(rep=rep).values_list("planned_on", flat=True))
    assert per_day == {MONDAY + timedelta(days=day): 2 for day in range(5)}
    planned = set(PlanItem.objects.filter(suggested=True).values_list("account__name", flat=True))
    assert planned == {str(days_late) for days_late in range(43, 52)}  # the most overdue first


def test_a_due_visit_on_a_full_day_moves_to_the_next_day_with_room(rep, settings):
    settings.VISITS_PER_DAY = 1
    PlanItemFactory(rep=rep, account=AccountFactory(owner=rep), planned_on=MONDAY + timedelta(days=2))
    VisitFactory(account=AccountFactory(owner=rep), visited_on=MONDAY + timedelta(days=2) - timedelta(days=30))

    plan_suggest(rep=rep, period=Period.containing(MONDAY, "week"), today=MONDAY)

    assert PlanItem.objects.get(suggested=True).planned_on == MONDAY + timedelta(days=3)


def test_weekend_due_dates_move_to_a_workday(rep):
    account = AccountFactory(owner=rep)
    VisitFactory(account=account, visited_on=datetime.date(2026, 10, 22))  # due Saturday 21 November
    plan_suggest(rep=rep, period=Period.containing(MONDAY, "week"), today=MONDAY)
    assert PlanItem.objects.get().planned_on == datetime.date(2026, 11, 20)


def test_rep_adds_moves_and_drops_visits_with_a_reason(client, rep, account):
    client.force_login(rep)
    day = timezone.localdate() + datetime.timedelta(days=2)
    client.post(
        reverse("visits:plan_add"), {"rep": rep.pk, "account": account.code, "planned_on": day, "time_of_day": "any"}
    )
    item = PlanItem.objects.get()
    assert (item.account, item.planned_on, item.suggested) == (account, day, False)

    client.post(reverse("visits:plan_move", args=[item.pk]), {"planned_on": day + datetime.timedelta(days=1)})
    item.refresh_from_db()
    assert item.planned_on == day + datetime.timedelta(days=1)

    response = client.post(reverse("visits:plan_drop", args=[item.pk]), {"reason": ""})
    item.refresh_from_db()
    assert item.status == PlanStatus.PLANNED
    assert response.status_code == 302

    client.post(reverse("visits:plan_drop", args=[item.pk]), {"reason": "Customer closed for stock-taking"})
    item.refresh_from_db()
    assert (item.status, item.drop_reason) == (PlanStatus.DROPPED, "Customer closed for stock-taking")


def test_the_account_picker_offers_the_reps_matching_accounts_only(client, manager, rep, teammate):
    AccountFactory(owner=rep, name="Harbour Tools", code="HT-1")
    AccountFactory(owner=rep, name="Hill Farm", code="HF-7")
    AccountFactory(owner=teammate, name="Harbour Freight", code="HF-9")
    client.force_login(manager)
    options = reverse("visits:plan_account_options")

    page = client.get(options, {"rep": rep.pk, "q": "harbour"}).content.decode()
    assert '<option value="HT-1">Harbour Tools</option>' in page
    assert "Hill Farm" not in page and "Harbour Freight" not in page  # not matching; the teammate's
    assert "Hill Farm" in client.get(options, {"rep": rep.pk, "q": "hf-7"}).content.decode()
    assert client.get(options, {"rep": rep.pk}).content.decode().strip() == ""


def test_the_account_picker_offers_twenty_in_a_fixed_number_of_queries(client, rep, django_assert_num_queries):
    client.force_login(rep)
    for added, offered in ((3, 3), (30, 20)):
        AccountFactory.create_batch(added, owner=rep, name="Depot")
        with django_assert_num_queries(4):  # session, user, the rep, the options
            page = client.get(reverse("visits:plan_account_options"), {"rep": rep.pk, "q": "depot"}).content.decode()
        assert page.count("<option") == offered


def test_an_unknown_account_code_is_explained_and_nothing_is_planned(client, rep):
    client.force_login(rep)
    response = client.post(
        reverse("visits:plan_add"),
        {"rep": rep.pk, "account": "Harbour Tools", "planned_on": timezone.localdate(), "time_of_day": "any"},
        follow=True,
    )
    assert PlanItem.objects.count() == 0
    assert "No account with this code on this plan." in response.content.decode()


def test_a_second_visit_the_same_day_is_refused_politely(client, rep, account):
    day = timezone.localdate()
    PlanItemFactory(account=account, rep=rep, planned_on=day)
    client.force_login(rep)
    response = client.post(
        reverse("visits:plan_add"),
        {"rep": rep.pk, "account": account.code, "planned_on": day, "time_of_day": "any"},
        follow=True,
    )
    assert PlanItem.objects.count() == 1
    assert "already has a visit planned that day" in response.content.decode()


def test_rep_cannot_plan_for_a_colleague_or_touch_their_items(client, rep, teammate, account):
    item = PlanItemFactory(account=account, rep=teammate)
    client.force_login(rep)
    add = client.post(
        reverse("visits:plan_add"), {"rep": teammate.pk, "account": account.code, "planned_on": "2026-12-01"}
    )
    assert add.status_code == 404
    assert client.post(reverse("visits:plan_drop", args=[item.pk]), {"reason": "x"}).status_code == 404
    assert client.get(reverse("visits:plan"), {"rep": teammate.pk}).status_code == 404


def test_plan_page_shows_the_periods_items_and_completion(client, rep, account):
    today = timezone.localdate()
    start = today - datetime.timedelta(days=today.weekday())
    PlanItemFactory(account=account, rep=rep, planned_on=start, status=PlanStatus.DONE)
    PlanItemFactory(account=AccountFactory(owner=rep), rep=rep, planned_on=start + datetime.timedelta(days=1))
    PlanItemFactory(
        account=AccountFactory(owner=rep), rep=rep, planned_on=start, status=PlanStatus.DROPPED, drop_reason="Ill"
    )
    client.force_login(rep)
    response = client.get(reverse("visits:plan"))
    assert response.context["figures"] == {"planned": 2, "done": 1, "dropped": 1, "rate": 50}
    assert len(response.context["items"]) == 3


def make_team(manager, reps, items_per_rep):
    today = timezone.localdate()
    start = today - datetime.timedelta(days=today.weekday())
    made = []
    for index in range(reps):
        rep = UserFactory(role=Role.REP, team=manager.team)
        for day in range(items_per_rep):
            account = AccountFactory(owner=rep)
            status = PlanStatus.DONE if day % 2 == 0 else PlanStatus.PLANNED
            PlanItemFactory(
                account=account, rep=rep, planned_on=start + datetime.timedelta(days=day % 7), status=status
            )
            VisitFactory(account=account, visited_on=today - datetime.timedelta(days=60 if index == 0 else 1))
        made.append(rep)
    schedules_refresh()  # factories write past visit_log, which keeps the schedule
    return made


@pytest.mark.parametrize("viewer", ["manager", "admin_user"])
@pytest.mark.parametrize(("reps", "items"), [(2, 2), (8, 6)])
def test_team_plan_runs_a_fixed_number_of_queries(
    client, request, manager, django_assert_num_queries, viewer, reps, items
):
    make_team(manager, reps, items)
    client.force_login(request.getfixturevalue(viewer))
    # session, user, reps with completion and overdue accounts (an admin's too: the page looks
    # up no plan subject, which only the single plan needs)
    with django_assert_num_queries(3):
        response = client.get(reverse("visits:team_plan"))
    assert response.status_code == 200
    assert len(response.context["reps"]) == reps


def test_team_plan_shows_completion_and_overdue_per_rep_of_the_managers_team_only(client, manager, other_rep):
    first, second = make_team(manager, 2, 4)
    PlanItemFactory(account=AccountFactory(owner=other_rep), rep=other_rep)
    client.force_login(manager)
    reps = {rep.pk: rep for rep in client.get(reverse("visits:team_plan")).context["reps"]}
    assert other_rep.pk not in reps
    assert (reps[first.pk].planned, reps[first.pk].done, reps[first.pk].completion) == (4, 2, 50)
    assert reps[first.pk].overdue_accounts == 4
    assert reps[second.pk].overdue_accounts == 0


def test_reps_cannot_open_the_team_plan(client, rep):
    client.force_login(rep)
    assert client.get(reverse("visits:team_plan")).status_code == 403


@pytest.mark.parametrize("items", [2, 20])
def test_plan_page_runs_a_fixed_number_of_queries(client, rep, django_assert_num_queries, items):
    today = timezone.localdate()
    start = today - datetime.timedelta(days=today.weekday())
    for index in range(items):
        PlanItemFactory(account=AccountFactory(owner=rep), rep=rep, planned_on=start + datetime.timedelta(index % 7))
    client.force_login(rep)
    # session, user, the rep's items with accounts and visits, completion figures (the add form's
    # accounts are fetched as the user types, never listed)
    with django_assert_num_queries(4):
        response = client.get(reverse("visits:plan"))
    assert len(response.context["items"]) == items


def test_overdue_accounts_are_spread_over_the_coming_workdays_most_overdue_first(rep):
    for days_late in (50, 40, 45, 35, 60, 55, 70):
        VisitFactory(account=AccountFactory(owner=rep, name=f"{days_late}"), visited_on=MONDAY - timedelta(days_late))
    plan_suggest(rep=rep, period=Period.containing(MONDAY, "week"), today=MONDAY + timedelta(days=2))
    planned = dict(PlanItem.objects.values_list("account__name", "planned_on"))
    wednesday, thursday, friday = (MONDAY + timedelta(days=offset) for offset in (2, 3, 4))
    assert planned == {
        "70": wednesday,
        "60": thursday,
        "55": friday,
        "50": wednesday,
        "45": thursday,
        "40": friday,
        "35": wednesday,
    }


def test_a_tier_a_accounts_weekly_plan_is_in_the_morning_with_the_senior_manager_on_the_fourth_visit(rep):
    account = AccountFactory(owner=rep)
    AccountStandingFactory(account=account, abc_tier="A")
    for weeks_ago in (3, 2, 1):
        VisitFactory(account=account, visited_on=MONDAY - timedelta(days=7 * weeks_ago))
    plan_suggest(rep=rep, period=Period.containing(MONDAY, "week"), today=MONDAY)
    item = PlanItem.objects.get()
    assert (item.planned_on, item.time_of_day, item.senior_should_join) == (MONDAY, "morning", True)
