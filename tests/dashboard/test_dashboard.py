"""The manager's dashboard: stored results, within what the user may see, in fixed queries."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Account
from contacts.models import BuyingRole
from scoring import selectors as scoring_selectors
from scoring import services
from scoring.models import RunTrigger
from tests.factories import (
    AccountFactory,
    ContactFactory,
    ContactRoleFactory,
    ScoringResultFactory,
    ScoringRunFactory,
    UserFactory,
)
from tests.scoring.book import AS_OF, make_book


@pytest.fixture
def two_runs(account, foreign_account, rep):
    """Last month: account A, foreign A, another of rep's B. Now: account B (downgraded)."""
    earlier = ScoringRunFactory(as_of=datetime.date(2026, 5, 31))
    latest = ScoringRunFactory(as_of=datetime.date(2026, 6, 30), previous=earlier)
    other = AccountFactory(owner=rep, name="Other Co")
    ScoringResultFactory(run=latest, account=account, abc_tier="B", previous_abc_tier="A", measure=Decimal("300"))
    ScoringResultFactory(
        run=latest, account=foreign_account, abc_tier="A", previous_abc_tier="A", measure=Decimal("900")
    )
    ScoringResultFactory(run=latest, account=other, abc_tier="A", previous_abc_tier="B", measure=Decimal("700"))
    return latest


def test_manager_sees_only_their_teams_accounts(client, manager, two_runs):
    client.force_login(manager)

    data = client.get(reverse("dashboard:index")).context["data"]

    tiers = {row["key"]: (row["accounts"], row["measure"]) for row in data.summary["tiers"]}
    assert tiers == {"A": (1, Decimal("700")), "B": (1, Decimal("300")), "C": (0, Decimal("0"))}
    assert data.summary["total"] == Decimal("1000")
    # Northwind was downgraded; Other Co is an A account with nobody in its buying committee
    at_risk = {account.name: account for account in data.at_risk}
    assert list(at_risk) == ["Northwind Trading", "Other Co"]
    assert at_risk["Northwind Trading"].warn_downgraded
    assert not at_risk["Other Co"].warn_downgraded
    assert [key for key, _label in at_risk["Other Co"].committee_warnings] == ["single_threaded", "no_decision_maker"]
    cells = {(row["from"], cell["to"]): cell["count"] for row in data.matrix for cell in row["cells"]}
    assert cells[("A", "B")] == 1
    assert cells[("B", "A")] == 1
    assert cells[("A", "A")] == 0  # the foreign account is not counted


def test_other_manager_sees_neither_the_account_nor_its_downgrade(client, other_manager, two_runs):
    client.force_login(other_manager)

    response = client.get(reverse("dashboard:index"))

    assert response.context["data"].summary["accounts"] == 1
    assert "Northwind Trading" not in response.content.decode()


def test_pareto_curve_climbs_to_the_whole_revenue(client, admin_user, two_runs):
    client.force_login(admin_user)

    points = client.get(reverse("dashboard:index")).context["data"].pareto["points"]

    # ranks 1, 2, 3: 300, 900, 700 of 1 900
    assert points[0] == {"x": 0.0, "y": 0.0}
    assert points[-1] == {"x": 100.0, "y": 100.0}
    assert [point["x"] for point in points[1:]] == [33.33, 66.67, 100.0]
    assert points[1]["y"] == pytest.approx(100 * 300 / 1900, abs=0.01)


def test_rep_filter_narrows_the_page(client, admin_user, rep, two_runs):
    client.force_login(admin_user)

    data = client.get(reverse("dashboard:index"), {"rep": rep.pk}).context["data"]

    assert data.summary["accounts"] == 2


def test_team_filter_narrows_the_page(client, admin_user, south, two_runs):
    client.force_login(admin_user)

    data = client.get(reverse("dashboard:index"), {"team": south.pk}).context["data"]

    assert data.summary["accounts"] == 1


def test_drill_down_lists_the_accounts_of_a_cell(client, manager, two_runs):
    client.force_login(manager)

    response = client.get(reverse("dashboard:movers"), {"from": "A", "to": "B"})

    assert [result.account.name for result in response.context["results"]] == ["Northwind Trading"]
    nothing = client.get(reverse("dashboard:movers"), {"from": "A", "to": "A"})
    assert list(nothing.context["results"]) == []


def test_without_a_run_the_page_says_so(client, manager):
    client.force_login(manager)

    response = client.get(reverse("dashboard:index"))

    assert response.status_code == 200
    assert response.context["data"].run is None


@pytest.mark.parametrize("accounts", [3, 40])
def test_dashboard_runs_a_fixed_number_of_queries(client, manager, rep, django_assert_num_queries, accounts):
    run = ScoringRunFactory(previous=ScoringRunFactory(as_of=datetime.date(2026, 5, 31)))
    for index in range(accounts):
        owner = rep if index % 2 else UserFactory(team=rep.team)
        ScoringResultFactory(
            run=run, account=AccountFactory(owner=owner), abc_tier="ABC"[index % 3], previous_abc_tier="A"
        )
    client.force_login(manager)

    # session, user, latest run with its previous, one GROUP BY for tiers × levels, movements
    # and the Pareto curve, at-risk accounts with owners, their committee flags, team choices,
    # rep choices
    with django_assert_num_queries(8):
        response = client.get(reverse("dashboard:index"))

    assert response.status_code == 200
    assert response.context["data"].summary["accounts"] == accounts


def test_dashboard_reads_a_real_run(client, admin_user, rep):
    make_book(rep)
    services.rescore(as_of=AS_OF, trigger=RunTrigger.COMMAND)
    client.force_login(admin_user)

    data = client.get(reverse("dashboard:index")).context["data"]

    tiers = {row["key"]: row for row in data.summary["tiers"]}
    assert tiers["A"]["accounts"] == 3
    assert tiers["A"]["measure_share"] == Decimal("0.8")
    assert data.pareto["points"][-1]["y"] == 100.0


def test_a_key_account_with_a_sound_committee_is_not_at_risk(client, manager, rep, two_runs):
    other = Account.objects.get(name="Other Co")
    decision_maker = ContactFactory(account=other)
    ContactRoleFactory(contact=decision_maker, role=BuyingRole.DECISION_MAKER)
    ContactFactory(account=other)
    client.force_login(manager)

    data = client.get(reverse("dashboard:index")).context["data"]

    assert [account.name for account in data.at_risk] == ["Northwind Trading"]


@pytest.mark.parametrize("subset", ["all", "odd ranks"])
def test_pareto_curve_is_downsampled_in_sql_and_exact_at_its_points(db, subset):
    run = ScoringRunFactory(accounts_count=40)
    measures = [Decimal(1000 - 20 * rank) for rank in range(1, 41)]  # ranked: biggest first
    measures[-1] = Decimal("-50")  # a net return counts as 0 in the curve
    for rank, measure in enumerate(measures, start=1):
        ScoringResultFactory(run=run, rank=rank, measure=measure)
    accounts = None
    if subset == "odd ranks":
        accounts = Account.objects.filter(scoring_results__rank__in=range(1, 41, 2))
    kept = [(rank, max(measure, Decimal(0))) for rank, measure in enumerate(measures, start=1)]
    kept = [(rank, measure) for rank, measure in kept if subset == "all" or rank % 2]

    points = scoring_selectors.run_figures(run=run, accounts=accounts, points=10).pareto

    # 10 buckets of 4 ranks each: one point per bucket, on the subset's own exact curve
    assert len(points) == 11
    total = sum(measure for _, measure in kept)
    for point, bucket_end in zip(points[1:], range(4, 41, 4), strict=True):
        inside = [measure for rank, measure in kept if rank <= bucket_end]
        assert point["x"] == round(100 * len(inside) / len(kept), 2)
        assert point["y"] == pytest.approx(float(100 * sum(inside) / total), abs=0.01)
    assert points[-1] == {"x": 100.0, "y": 100.0}


def test_at_risk_list_is_limited_and_best_ranked_first(client, admin_user):
    run = ScoringRunFactory(accounts_count=30)
    for rank in range(30, 0, -1):  # made worst first: the order must come from the query
        ScoringResultFactory(run=run, rank=rank, abc_tier="A", account=AccountFactory(name=f"Key {rank:02d}"))
    client.force_login(admin_user)

    at_risk = client.get(reverse("dashboard:index")).context["data"].at_risk

    assert [account.name for account in at_risk] == [f"Key {rank:02d}" for rank in range(1, 21)]
