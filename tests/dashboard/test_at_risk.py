"""The at-risk list: one definition, seen with its figures in the list, on the account head and
on the manager's dashboard."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Account
from contacts import services as contact_services
from contacts.models import BuyingRole, RelationshipStrength
from credit.positions import positions_refresh
from dashboard import risks
from deals.receivables import receivables_refresh
from scoring import services
from scoring.alerts import downgrades
from scoring.models import AccountStanding, ScoringResult
from tests.factories import (
    AccountFactory,
    AccountHealthFactory,
    AccountStandingFactory,
    ComplaintFactory,
    ContactFactory,
    ContactRoleFactory,
    CreditLimitFactory,
    IntelligenceRunFactory,
    OrderFactory,
    OrderLineFactory,
    RelationshipScoreFactory,
    ScoringResultFactory,
    ScoringRunFactory,
    VisitFactory,
)
from visits.schedule import schedules_refresh


def sound_committee(account):
    """Two people we know, a decision-maker and a coach: nothing to flag on the committee."""
    boss = ContactFactory(account=account, relationship_strength=RelationshipStrength.STRONG)
    friend = ContactFactory(account=account, relationship_strength=RelationshipStrength.STRONG)
    ContactRoleFactory(contact=boss, role=BuyingRole.DECISION_MAKER)
    ContactRoleFactory(contact=friend, role=BuyingRole.COACH)


def keyed(name, owner, run, *, tier="A", previous="A", measure="1000"):
    account = AccountFactory(owner=owner, name=name)
    AccountStandingFactory(
        account=account, run=run, abc_tier=tier, previous_abc_tier=previous, measure=Decimal(measure)
    )
    ScoringResultFactory(run=run, account=account, abc_tier=tier, previous_abc_tier=previous, measure=Decimal(measure))
    sound_committee(account)
    VisitFactory(account=account, visited_on=timezone.localdate())  # visited today: not overdue
    return account


@pytest.fixture
def risk_world(rep):
    """One account per risk situation of the demo, each otherwise sound, and a sound one."""
    today = timezone.localdate()
    run = ScoringRunFactory(previous=ScoringRunFactory(as_of=today - datetime.timedelta(days=60)))
    world = {
        "sound": keyed("Sound Co", rep, run, measure="100"),
        "overdue": keyed("Overdue Co", rep, run, measure="5000"),
        "over_limit": keyed("Over Limit Co", rep, run, measure="4000"),
        "visit_overdue": keyed("Unvisited Co", rep, run, measure="3000"),
        "complaint": keyed("Complaining Co", rep, run, measure="2000"),
        "downgraded": keyed("Downgraded Co", rep, run, tier="B", previous="A", measure="1500"),
    }
    late = OrderFactory(
        account=world["overdue"],
        order_date=today - datetime.timedelta(days=100),
        due_date=today - datetime.timedelta(days=70),
    )
    OrderLineFactory(order=late, quantity=Decimal("1"), unit_price=Decimal("824704"))
    fresh = OrderFactory(account=world["over_limit"], order_date=today, due_date=today + datetime.timedelta(days=30))
    OrderLineFactory(order=fresh, quantity=Decimal("1"), unit_price=Decimal("3957"))
    CreditLimitFactory(
        account=world["over_limit"], amount=Decimal("1000"), effective_from=today - datetime.timedelta(days=5)
    )
    world["visit_overdue"].visits.all().delete()
    VisitFactory(account=world["visit_overdue"], visited_on=today - datetime.timedelta(days=40))
    ComplaintFactory(account=world["complaint"], severity="critical")
    ComplaintFactory(account=world["sound"], severity="low")  # a minor complaint is no risk
    receivables_refresh(account_ids=[account.pk for account in world.values()])
    positions_refresh(today=today)
    schedules_refresh()
    services.owner_figures_refresh()
    return world


FIGURES = {
    "overdue": ["824,704.00", "70 days"],
    "over_limit": ["395.7\xa0%"],
    "visit_overdue": ["33 days"],  # 40 days ago, every 7 days for tier A
    "complaint": ["· 1"],
    "downgraded": ["A → B"],
}


def reasons(account) -> dict:
    return {risk.key: risk for risk in account.risks}


def test_each_risk_situation_is_on_the_list_with_its_figure(risk_world, rep):
    today = timezone.localdate()
    rows = risks.at_risk_page(risks.Account.objects.filter(owner=rep), today=today, limit=20)

    by_name = {account.name: reasons(account) for account in rows}
    assert "Sound Co" not in by_name
    # by revenue at stake
    assert [account.name for account in rows] == [
        "Overdue Co",
        "Over Limit Co",
        "Unvisited Co",
        "Complaining Co",
        "Downgraded Co",
    ]
    assert list(by_name["Overdue Co"]) == ["overdue"]
    assert by_name["Overdue Co"]["overdue"].amount == Decimal("824704.00")
    assert by_name["Overdue Co"]["overdue"].days == 70
    assert list(by_name["Over Limit Co"]) == ["over_limit"]
    assert by_name["Over Limit Co"]["over_limit"].ratio == Decimal("3.957")
    assert list(by_name["Unvisited Co"]) == ["visit_overdue"]
    assert by_name["Unvisited Co"]["visit_overdue"].days == 33
    assert list(by_name["Complaining Co"]) == ["complaint"] and by_name["Complaining Co"]["complaint"].count == 1
    assert list(by_name["Downgraded Co"]) == ["downgraded"] and by_name["Downgraded Co"]["downgraded"].change == "A → B"


@pytest.mark.parametrize("situation", list(FIGURES))
def test_the_account_head_shows_the_risk_with_its_figure(client, risk_world, rep, situation):
    client.force_login(rep)

    page = client.get(reverse("accounts:detail", args=[risk_world[situation].pk])).content.decode()

    head = page[page.index('class="card mb-3 account-head"') : page.index('role="tablist"')]
    assert f'data-risk="{situation}"' in head
    assert [key for key in FIGURES if f'data-risk="{key}"' in head] == [situation]
    for figure in FIGURES[situation]:
        assert figure in head


def test_a_sound_account_has_a_head_without_risks(client, risk_world, rep):
    client.force_login(rep)

    page = client.get(reverse("accounts:detail", args=[risk_world["sound"].pk])).content.decode()

    assert 'class="card mb-3 account-head"' in page
    assert "data-risk=" not in page


@pytest.mark.parametrize("situation", list(FIGURES))
def test_the_managers_dashboard_shows_the_risk_with_its_figure(client, risk_world, manager, situation):
    client.force_login(manager)

    response = client.get(reverse("dashboard:index"))

    rows = {account.pk: account for account in response.context["data"].at_risk}
    assert situation in reasons(rows[risk_world[situation].pk])
    page = response.content.decode()
    row = page[page.index(f'data-account="{risk_world[situation].pk}"') :]
    row = row[: row.index("</tr>")]
    for figure in FIGURES[situation]:
        assert figure in row


def test_the_at_risk_page_filters_by_reason_and_sorts_by_overdue(client, risk_world, manager):
    client.force_login(manager)

    response = client.get(reverse("dashboard:at_risk"), {"reason": "overdue", "sort": "overdue"})

    assert [account.name for account in response.context["accounts"]] == ["Overdue Co"]
    assert "824,704.00" in response.content.decode()


def test_another_teams_manager_sees_none_of_these_risks(client, risk_world, other_manager):
    client.force_login(other_manager)

    response = client.get(reverse("dashboard:at_risk"))

    assert response.context["accounts"] == []


def test_a_committee_change_through_the_services_moves_the_account_on_and_off_the_list(risk_world, rep):
    # The committee reasons read the stored coverage, which the contacts services keep.
    today = timezone.localdate()
    account = risk_world["sound"]
    boss = account.contacts.get(roles__role=BuyingRole.DECISION_MAKER)

    contact_services.contact_mark_left(contact=boss, actor=rep)

    listed = {
        row.pk: reasons(row) for row in risks.at_risk_page(Account.objects.filter(owner=rep), today=today, limit=20)
    }
    assert set(listed[account.pk]) == {"single_threaded", "no_decision_maker", "decision_maker_left"}

    newcomer = contact_services.contact_save(
        account=account,
        actor=rep,
        fields={"name": "Zhao Lei", "relationship_strength": RelationshipStrength.GOOD},
        roles=[BuyingRole.DECISION_MAKER],
    )
    assert newcomer.pk
    listed = {
        row.pk: reasons(row) for row in risks.at_risk_page(Account.objects.filter(owner=rep), today=today, limit=20)
    }
    assert set(listed[account.pk]) == {"decision_maker_left"}  # for COVERAGE_RECENT_DAYS


def test_an_account_joins_the_list_at_its_first_scoring_run(risk_world, rep):
    today = timezone.localdate()
    unscored = AccountFactory(owner=rep, name="New Co")
    ComplaintFactory(account=unscored, severity="critical")

    # Its own head says why; the list, by revenue at stake, has it from the next run on.
    (head,) = risks.describe([unscored.pk], today=today)
    assert [risk.key for risk in head.risks] == ["complaint"]
    assert unscored.pk not in risks.at_risk(Account.objects.all(), today=today).values_list("pk", flat=True)


@pytest.mark.parametrize("extra", [0, 12])
def test_the_at_risk_page_runs_a_fixed_number_of_queries(
    client, risk_world, manager, rep, django_assert_num_queries, extra
):
    today = timezone.localdate()
    run = ScoringRunFactory(previous=ScoringRunFactory(as_of=today - datetime.timedelta(days=60)))
    scored = IntelligenceRunFactory(as_of=today)
    for index in range(extra):
        account = keyed(f"More {index}", rep, run)
        ComplaintFactory(account=account, severity="high")
        AccountHealthFactory(run=scored, account=account, band="red")
        RelationshipScoreFactory(run=scored, account=account)
    client.force_login(manager)
    # session, user, the capped count, the page's ids, the page described (figures, reasons,
    # owners, the latest intelligence run's health and relationship scores: one query), the
    # team filter's choices, the rep filter's and the region filter's
    with django_assert_num_queries(8):
        response = client.get(reverse("dashboard:at_risk"))
    assert len(response.context["accounts"]) == 5 + extra


def test_a_key_account_whose_level_fell_is_downgraded_as_its_alert_says(rep):
    # One definition of "downgraded" (scoring.selectors.downgraded): the alert the owner gets
    # and the reason on the at-risk list say the same.
    today = timezone.localdate()
    run = ScoringRunFactory(previous=ScoringRunFactory(as_of=today - datetime.timedelta(days=60)))
    account = keyed("Level Co", rep, run)
    keyed("Steady Co", rep, run)
    AccountStanding.objects.filter(account=account).update(previous_level="key", level="ordinary")
    ScoringResult.objects.filter(account=account, run=run).update(previous_level="key", level="ordinary")

    (row,) = risks.at_risk_page(Account.objects.filter(owner=rep), today=today, limit=10)

    assert row.pk == account.pk
    assert list(reasons(row)) == ["downgraded"]
    assert reasons(row)["downgraded"].change == "Key account → Ordinary"
    assert [result.account_id for result in downgrades(run)] == [account.pk]


def test_the_at_risk_list_counts_exactly_only_up_to_its_own_cap(client, admin_user, rep, monkeypatch):
    from dashboard.views import AtRiskView

    monkeypatch.setattr(AtRiskView, "count_exactly_up_to", 3)
    monkeypatch.setattr("accounts.pagination.PAGES_AHEAD", 0)
    monkeypatch.setattr(AtRiskView, "paginate_by", 2)
    run = ScoringRunFactory()
    for number in range(5):
        keyed(f"Downgraded {number}", rep, run, tier="C", previous="A")
    client.force_login(admin_user)

    page = client.get(reverse("dashboard:at_risk"))

    assert "more than 3 accounts" in page.content.decode()
    assert page.context["page_obj"].has_next()
