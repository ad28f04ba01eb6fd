"""The health score: rhythm, frequency, trend, credit, activity and decision-maker, its
reasons, the stored run and the alert when a key account turns red."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from contacts.models import BuyingRole
from intelligence import health, services
from intelligence.models import AccountHealth, Band
from tests.factories import (
    AccountFactory,
    AccountStandingFactory,
    ContactFactory,
    ContactRoleFactory,
    OrderFactory,
    OrderLineFactory,
    VisitFactory,
)
from users.models import Notification

AS_OF = datetime.date(2026, 6, 30)


def on_time() -> health.Figures:
    """An account ordering monthly, last 20 days ago, steady revenue."""
    return health.Figures(
        last_order=AS_OF - datetime.timedelta(days=20),
        first_order=AS_OF - datetime.timedelta(days=20 + 330),
        order_days=12,
        orders_12m=12,
        revenue_90d=Decimal("3000"),
        revenue_90d_year_before=Decimal("3000"),
    )


def test_an_account_on_its_rhythm_keeps_every_point():
    score, band, reasons = health.health_of(on_time(), AS_OF)
    assert (score, band, reasons) == (Decimal("100.0"), Band.GREEN, [])


def test_lateness_is_measured_against_the_accounts_own_interval():
    figures = on_time()
    figures.last_order = AS_OF - datetime.timedelta(days=100)  # usual interval (250 + 180) / 12 ≈ 36 days
    score, _band, reasons = health.health_of(figures, AS_OF)
    assert reasons[0]["code"] == "late"
    assert reasons[0]["params"] == {"days": 100, "ratio": "2.8", "interval": "36"}
    assert score < Decimal("100")
    with translation.override("en"):
        assert health.reason_text(reasons[0]) == "100 days since the last order: 2.8× its usual interval of 36 days"


def test_falling_revenue_rising_credit_fading_visits_and_a_lost_decision_maker_make_an_account_red():
    figures = on_time()
    figures.last_order = AS_OF - datetime.timedelta(days=200)
    figures.orders_12m = 2
    figures.revenue_90d = Decimal("0")
    figures.utilisation, figures.previous_utilisation = Decimal("0.95"), Decimal("0.5")
    figures.oldest_overdue = AS_OF - datetime.timedelta(days=60)
    figures.visits_90d, figures.visits_90d_before = 0, 3
    figures.decision_maker_lost = True
    score, band, reasons = health.health_of(figures, AS_OF)
    assert band == Band.RED
    assert score < 20
    assert [reason["code"] for reason in reasons] == ["late", "few_orders", "revenue_down"]


def test_an_account_without_an_order_in_a_year_says_so():
    score, band, reasons = health.health_of(health.Figures(), AS_OF)
    assert band == Band.RED
    assert reasons[0]["code"] == "no_orders"
    assert score == Decimal("35.0")  # trend, credit, activity, decision-maker: 15 + 10 + 5 + 5


def order(account, day: datetime.date, amount: str = "100", quantity: str = "1"):
    OrderLineFactory(
        order=OrderFactory(account=account, order_date=day), quantity=Decimal(quantity), unit_price=Decimal(amount)
    )


@pytest.mark.django_db
def test_a_run_stores_the_figures_from_sql_and_ranks_the_least_healthy_first(rep):
    steady, lapsed = AccountFactory(owner=rep, code="S1"), AccountFactory(owner=rep, code="L1")
    for month in range(1, 13):
        order(steady, AS_OF - datetime.timedelta(days=30 * month - 10))
    order(lapsed, AS_OF - datetime.timedelta(days=300))
    order(lapsed, AS_OF - datetime.timedelta(days=200))
    order(lapsed, AS_OF - datetime.timedelta(days=5), quantity="-1")  # a credit note is no order
    VisitFactory(account=lapsed, visited_on=AS_OF - datetime.timedelta(days=120))

    run = services.intelligence_run(as_of=AS_OF, horizon_days=90)

    rows = {row.account.code: row for row in AccountHealth.objects.filter(run=run).select_related("account")}
    assert rows["L1"].days_since_order == 200
    assert rows["L1"].orders_12m == 2
    assert rows["L1"].revenue_90d == Decimal("-100.00")
    assert rows["L1"].visits_90d_before == 1
    assert rows["L1"].risk_rank == 1
    assert rows["S1"].orders_12m == 12
    assert rows["S1"].band == Band.GREEN
    assert rows["L1"].score < rows["S1"].score


@pytest.mark.django_db
def test_a_key_account_turning_red_alerts_its_owner_once(rep):
    account = AccountFactory(owner=rep)
    AccountStandingFactory(account=account, abc_tier="A")
    dm = ContactFactory(account=account, left_company=True, left_on=AS_OF - datetime.timedelta(days=3))
    ContactRoleFactory(contact=dm, role=BuyingRole.DECISION_MAKER)
    order(account, AS_OF - datetime.timedelta(days=400))

    services.intelligence_run(as_of=AS_OF, horizon_days=90)
    services.intelligence_run(as_of=AS_OF, horizon_days=90)  # a rerun of the day
    services.intelligence_run(as_of=AS_OF + datetime.timedelta(days=1), horizon_days=90)  # still red

    alerts = Notification.objects.filter(recipient=rep, key__startswith="intelligence:red:")
    assert alerts.count() == 1
    row = AccountHealth.objects.get(account=account, run__as_of=AS_OF)
    assert row.decision_maker_lost is True
    assert row.band == Band.RED


@pytest.mark.django_db
def test_the_nightly_task_scores_today_with_the_default_horizon(rep):
    from django.utils import timezone

    from intelligence.tasks import score_nightly

    account = AccountFactory(owner=rep)
    run_id = score_nightly()
    assert AccountHealth.objects.get(run_id=run_id, account=account).run.as_of == timezone.localdate()
    assert AccountHealth.objects.get(run_id=run_id, account=account).run.horizon_days == services.HORIZON_DAYS


@pytest.mark.django_db
def test_other_apps_read_the_latest_runs_health_and_relationship_in_one_query_each(rep, django_assert_num_queries):
    from intelligence import selectors

    accounts = [AccountFactory(owner=rep) for _ in range(3)]
    services.intelligence_run(as_of=AS_OF - datetime.timedelta(days=1), horizon_days=90)
    latest = services.intelligence_run(as_of=AS_OF, horizon_days=90)

    with django_assert_num_queries(1):
        health_rows = selectors.health_for(accounts[:2], run=latest)
    with django_assert_num_queries(2):  # the latest run, its rows
        relationship_rows = selectors.relationship_for(accounts)

    assert set(health_rows) == {accounts[0].pk, accounts[1].pk}
    assert {row.run_id for row in relationship_rows.values()} == {latest.pk}
    assert len(relationship_rows) == 3
