"""Plan health, the one definition (plans/health.py), on hand-built plans."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import PLAN_SECTIONS, AccountPlan
from plans.health import Band, health_of, reasons_of, with_health
from plans.models import ObjectiveStatus
from tests.factories import AccountFactory, AccountPlanFactory, ObjectiveFactory, PlanActionFactory

TODAY = datetime.date(2026, 6, 30)
RECENTLY = timezone.make_aware(datetime.datetime(2026, 6, 20, 10))
LONG_AGO = timezone.make_aware(datetime.datetime(2025, 1, 1, 10))

pytestmark = pytest.mark.django_db


def kept_plan(account, **changes) -> AccountPlan:
    """A plan in good order on TODAY: every section filled and fresh, reviewed ten days ago."""
    fields = {name: "Filled in." for names in PLAN_SECTIONS.values() for name in names}
    fields |= {f"{section}_updated_at": RECENTLY for section in PLAN_SECTIONS}
    fields |= {"reviewed_at": RECENTLY, "review_on": TODAY + datetime.timedelta(days=80)}
    plan = AccountPlanFactory(account=account, **(fields | changes))
    ObjectiveFactory(account=account, target=Decimal("1000000"))
    return plan


def test_a_kept_plan_is_good_with_no_reasons(account):
    kept_plan(account)
    health = health_of(account=account, today=TODAY)
    assert (health.band, health.reasons, health.days_since_review) == (Band.GOOD, [], 10)


def test_each_lapse_is_a_reason_and_two_make_the_plan_poor(account, rep, settings):
    settings.PLANS_STALE_SECTION_DAYS = 90
    kept_plan(account, value_updated_at=LONG_AGO, barrier_strategy="", competitive_strategy="")
    PlanActionFactory(account=account, owner=rep, due_on=TODAY - datetime.timedelta(days=1))
    PlanActionFactory(account=account, owner=rep, due_on=TODAY)  # due today: not overdue yet
    PlanActionFactory(account=account, owner=rep, due_on=TODAY - datetime.timedelta(days=5), done_at=RECENTLY)
    health = health_of(account=account, today=TODAY)
    assert health.band == Band.POOR
    assert health.reasons == ["1 action overdue", "1 section empty or not updated for 90 days"]


def test_an_empty_section_is_stale_however_recent(account):
    names = PLAN_SECTIONS["strategies"]
    kept_plan(account, **dict.fromkeys(names, ""))
    health = health_of(account=account, today=TODAY)
    assert health.band == Band.FAIR
    assert health.reasons == ["1 section empty or not updated for 90 days"]


def test_only_open_objectives_with_a_target_count(account):
    kept_plan(account)
    account.plan_objectives.update(status=ObjectiveStatus.ACHIEVED)
    ObjectiveFactory(account=account, target=None)
    assert health_of(account=account, today=TODAY).reasons == ["No open objective with a measurable target"]


def test_a_review_past_its_date_or_never_done_is_due(account, other_rep):
    kept_plan(account, review_on=TODAY - datetime.timedelta(days=1))
    assert health_of(account=account, today=TODAY).reasons == ["Review due (last reviewed 10 days ago)"]
    AccountPlan.objects.filter(account=account).update(reviewed_at=None)
    assert health_of(account=account, today=TODAY).reasons == ["Never reviewed"]


def test_an_account_without_a_plan_has_no_health(account):
    assert health_of(account=account, today=TODAY) is None


def test_the_band_filters_in_sql(account, rep):
    kept_plan(account)
    other = AccountPlanFactory(account__owner=rep)
    plans = with_health(AccountPlan.objects.all(), today=TODAY)
    assert list(plans.filter(health_band=Band.GOOD).values_list("pk", flat=True)) == [account.plan.pk]
    assert list(plans.filter(health_band=Band.POOR).values_list("pk", flat=True)) == [other.pk]


def test_a_plan_read_alone_has_the_band_the_list_filters_on(account, rep, settings):
    # health_of reads the reasons only and names the band by their number (band_for); the list's
    # SQL (with_health) adds up the same points: the two must agree for every number of reasons.
    settings.PLANS_STALE_SECTION_DAYS = 90
    kept_plan(account)  # good
    kept_plan(AccountFactory(owner=rep), review_on=None)  # fair
    kept_plan(AccountFactory(owner=rep), review_on=None, value_updated_at=LONG_AGO)  # poor
    AccountPlanFactory(account__owner=rep)  # never kept: poor, four reasons
    listed = with_health(AccountPlan.objects.all(), today=TODAY)
    assert {plan.health_band for plan in listed} == {Band.GOOD, Band.FAIR, Band.POOR}
    for plan in listed:
        assert reasons_of(plan, today=TODAY).band == plan.health_band
        assert health_of(account=plan.account, today=TODAY).band == plan.health_band
