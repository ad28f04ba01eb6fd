"""Visit check-in: the phone's position only with consent, its distance to the account, the
account's location set from a check-in, and each rep's check-in compliance on the team plan."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import AccountFactory, UserFactory, VisitFactory
from tests.visits.test_plans import make_team
from users.models import Role
from visits.checkin import distance_m
from visits.models import Visit
from visits.selectors import Period, team_plan

# People's Square, Shanghai, and a point 0.0046° of latitude (511 m) north of it.
SQUARE = (Decimal("31.230400"), Decimal("121.473700"))
NORTH_511_M = ("31.2350", "121.4737")


@pytest.fixture(autouse=True)
def check_in_on(settings):
    settings.VISITS_CHECK_IN = True
    settings.VISITS_CHECK_IN_RADIUS_M = 500


@pytest.fixture
def located(rep):
    return AccountFactory(owner=rep, name="Square Ltd", latitude=SQUARE[0], longitude=SQUARE[1])


def log(client, account, **extra):
    data = {"visited_on": timezone.localdate().isoformat(), "purpose": "routine", "outcome": "ok", **extra}
    return client.post(reverse("visits:log", args=[account.pk]), data)


def test_the_distance_is_the_haversine_great_circle_distance():
    # one degree of longitude on the equator: 2πR / 360
    assert distance_m(0, 0, 0, 1) == 111_195
    assert distance_m(*SQUARE, *NORTH_511_M) == 511  # 0.0046 × π / 180 × 6 371 008.8 m
    assert distance_m(*SQUARE, *SQUARE) == 0


def test_with_consent_the_position_and_its_distance_are_kept(client, rep, located):
    client.force_login(rep)
    page = client.get(reverse("visits:log", args=[located.pk])).content.decode()
    assert 'name="check_in_consent"' in page and 'type="hidden" name="latitude"' in page
    response = log(
        client, located, check_in_consent="on", latitude=NORTH_511_M[0], longitude="121.4737", accuracy="24.6"
    )
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert (visit.check_in_latitude, visit.check_in_longitude) == (Decimal("31.235000"), Decimal("121.473700"))
    assert (visit.check_in_accuracy_m, visit.check_in_distance_m) == (25, 511)


def test_without_consent_nothing_is_kept_even_if_a_position_is_sent(client, rep, located):
    client.force_login(rep)
    assert log(client, located, latitude="31.2304", longitude="121.4737", accuracy="10").status_code == 302
    visit = Visit.objects.get()
    assert not visit.checked_in
    assert (visit.check_in_accuracy_m, visit.check_in_distance_m) == (None, None)


def test_consent_without_a_position_asks_for_one(client, rep, located):
    client.force_login(rep)
    response = log(client, located, check_in_consent="on")
    assert response.status_code == 200
    assert "Your position is not known yet" in response.content.decode()
    assert not Visit.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("latitude", "90.5"),
        ("latitude", "-91"),
        ("longitude", "180.01"),
        ("accuracy", "100001"),
        ("accuracy", "-1"),
        ("latitude", "nan"),
        ("longitude", "inf"),
        ("latitude", "north"),
    ],
)
def test_a_position_out_of_range_is_a_form_error(client, rep, located, field, value):
    client.force_login(rep)
    position = {"latitude": "31.2304", "longitude": "121.4737", "accuracy": "10", field: value}
    response = log(client, located, check_in_consent="on", **position)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "The position read is not valid" in response.content.decode()
    assert not Visit.objects.exists()


def test_an_account_without_a_location_keeps_the_check_in_without_a_distance(client, rep, account):
    client.force_login(rep)
    log(client, account, check_in_consent="on", latitude="31.2304", longitude="121.4737", accuracy="10")
    visit = Visit.objects.get()
    assert visit.checked_in and visit.check_in_distance_m is None
    panel = client.get(reverse("visits:account_panel", args=[account.pk])).content.decode()
    assert "Checked in (the account has no location yet)" in panel
    assert reverse("visits:account_locate", args=[visit.pk]) in panel


def test_with_check_in_off_the_form_has_no_position_and_keeps_none(client, rep, located, settings):
    settings.VISITS_CHECK_IN = False
    client.force_login(rep)
    assert "check_in_consent" not in client.get(reverse("visits:log", args=[located.pk])).content.decode()
    log(client, located, check_in_consent="on", latitude="31.2304", longitude="121.4737", accuracy="10")
    assert not Visit.objects.get().checked_in


def test_a_rep_sets_the_accounts_location_from_a_check_in(client, rep, account):
    visit = VisitFactory(account=account, check_in_latitude=SQUARE[0], check_in_longitude=SQUARE[1])
    client.force_login(rep)
    response = client.post(reverse("visits:account_locate", args=[visit.pk]))
    assert response.status_code == 302
    account.refresh_from_db()
    visit.refresh_from_db()
    assert (account.latitude, account.longitude) == SQUARE
    assert visit.check_in_distance_m == 0
    assert account.history.first().latitude == SQUARE[0]  # the change is in the account's history


def test_a_visit_without_a_check_in_sets_no_location(client, rep, account):
    visit = VisitFactory(account=account)
    client.force_login(rep)
    response = client.post(reverse("visits:account_locate", args=[visit.pk]), follow=True)
    assert "This visit has no check-in" in response.content.decode()
    account.refresh_from_db()
    assert account.latitude is None


def test_someone_who_cannot_change_the_account_cannot_move_it(client, other_rep, account):
    visit = VisitFactory(account=account, check_in_latitude=SQUARE[0], check_in_longitude=SQUARE[1])
    client.force_login(other_rep)
    assert client.post(reverse("visits:account_locate", args=[visit.pk])).status_code == 404
    account.refresh_from_db()
    assert account.latitude is None


def _visit(rep, account, day, north=None):
    """A visit by ``rep``, checked in ``north`` degrees north of the square (None: no check-in)."""
    position = {}
    if north is not None:
        distance = distance_m(*SQUARE, SQUARE[0] + north, SQUARE[1])
        position = {"check_in_latitude": SQUARE[0] + north, "check_in_longitude": SQUARE[1]}
        position["check_in_distance_m"] = distance
    return VisitFactory(account=account, rep=rep, visited_on=day, **position)


def test_compliance_per_rep_is_visits_checked_in_on_site_over_all_visits_of_the_period(manager, rep, teammate):
    week = Period.containing(datetime.date(2026, 11, 16), "week")
    monday = week.start
    account = AccountFactory(owner=rep, latitude=SQUARE[0], longitude=SQUARE[1])
    _visit(rep, account, monday, north=Decimal("0.0010"))  # 111 m: on site
    _visit(rep, account, monday + datetime.timedelta(days=1), north=Decimal("0.0044"))  # 489 m: on site
    _visit(rep, account, monday + datetime.timedelta(days=2), north=Decimal("0.0046"))  # 511 m: not
    _visit(rep, account, monday + datetime.timedelta(days=3))  # no check-in
    _visit(rep, account, monday - datetime.timedelta(days=1), north=Decimal("0"))  # before the week
    _visit(teammate, account, monday, north=Decimal("0"))
    reps = {row.pk: row for row in team_plan(user=manager, period=week, today=monday)}
    # by hand: rep 2 on site of 4 in the week = 50 %; teammate 1 of 1 = 100 %
    assert (reps[rep.pk].visits_logged, reps[rep.pk].visits_on_site, reps[rep.pk].check_in_rate) == (4, 2, 50)
    assert (reps[teammate.pk].visits_logged, reps[teammate.pk].visits_on_site) == (1, 1)
    assert reps[teammate.pk].check_in_rate == 100


def test_the_team_plan_shows_compliance_and_a_rep_without_visits_has_none(client, manager, rep):
    quiet = UserFactory(role=Role.REP, team=rep.team)
    client.force_login(manager)
    response = client.get(reverse("visits:team_plan"))
    rows = {row.pk: row for row in response.context["reps"]}
    assert rows[quiet.pk].visits_logged == 0 and rows[quiet.pk].check_in_rate is None
    assert "Check-in compliance" in response.content.decode()


def test_the_team_plan_has_no_compliance_when_check_in_is_off(client, manager, rep, settings):
    settings.VISITS_CHECK_IN = False
    client.force_login(manager)
    response = client.get(reverse("visits:team_plan"))
    assert "Check-in compliance" not in response.content.decode()
    assert not hasattr(response.context["reps"][0], "visits_logged")


@pytest.mark.parametrize(("reps", "items"), [(2, 2), (8, 6)])
def test_the_team_plan_with_compliance_runs_a_fixed_number_of_queries(
    client, manager, django_assert_num_queries, reps, items
):
    make_team(manager, reps, items)
    client.force_login(manager)
    with django_assert_num_queries(3):
        response = client.get(reverse("visits:team_plan"))
    rows = response.context["reps"]
    assert len(rows) == reps
    period = response.context["period"]
    logged = Visit.objects.filter(rep__in=[row.pk for row in rows], visited_on__range=(period.start, period.end))
    assert sum(row.visits_logged for row in rows) == logged.count()
