"""The manager's dashboard: stored results, within what the user may see, in fixed queries."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.urls import reverse

from accounts.models import Account
from accounts.services import account_update
from contacts.models import BuyingRole, RelationshipStrength
from credit.ageing import AGEING_BUCKETS
from credit.models import CreditPosition, OwnerAgeing
from dashboard.figures import figure_drifts, figures_repair
from dashboard.selectors import Scope
from scoring import selectors as scoring_selectors
from scoring import services
from scoring.models import OwnerFigure, RunTrigger, ScoringRun
from scoring.stored import scoring_figures_refresh
from tests.factories import (
    AccountFactory,
    AccountHealthFactory,
    AccountTeamMemberFactory,
    ContactFactory,
    ContactRoleFactory,
    IntelligenceRunFactory,
    RegionFactory,
    ScoringResultFactory,
    ScoringRunFactory,
    UserFactory,
)
from tests.scoring.book import AS_OF, make_book, sell


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
    ScoringRun.objects.filter(pk=latest.pk).update(accounts_count=3)
    latest.refresh_from_db()
    scoring_figures_refresh()  # the standings and per-owner figures, as a run does at its end
    return latest


def test_manager_sees_only_their_teams_accounts(client, manager, two_runs):
    client.force_login(manager)

    data = client.get(reverse("dashboard:index")).context["data"]

    tiers = {row["key"]: (row["accounts"], row["measure"]) for row in data.summary["tiers"]}
    assert tiers == {"A": (1, Decimal("700")), "B": (1, Decimal("300")), "C": (0, Decimal("0"))}
    assert data.summary["total"] == Decimal("1000")
    # Northwind was downgraded; Other Co is an A account with nobody in its buying committee
    at_risk = {account.name: [risk.key for risk in account.risks] for account in data.at_risk}
    # by revenue at stake; Northwind (B now) is no key account: its empty committee is no risk
    assert list(at_risk) == ["Other Co", "Northwind Trading"]
    assert at_risk["Northwind Trading"] == ["downgraded"]
    assert at_risk["Other Co"] == ["single_threaded", "no_decision_maker", "no_coach"]
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
    scored = IntelligenceRunFactory()
    for index in range(accounts):
        owner = rep if index % 2 else UserFactory(team=rep.team)
        account = AccountFactory(owner=owner)
        ScoringResultFactory(run=run, account=account, abc_tier="ABC"[index % 3], previous_abc_tier="A")
        AccountHealthFactory(run=scored, account=account, band=["green", "amber", "red"][index % 3])
    ScoringRun.objects.filter(pk=run.pk).update(accounts_count=accounts)
    scoring_figures_refresh()
    client.force_login(manager)

    # session, user, latest run with its previous, the owners' totals for tiers × levels,
    # movements and the Pareto curve, the same of the accounts seen on account teams, the
    # at-risk accounts (ids, then their rows with owners, reasons, figures and the latest
    # intelligence run's scores), the accounts per health band (one grouped query), the morning:
    # receivables ageing from the owners' sums and of the accounts seen on account teams,
    # pipeline by stage and the stages, the week's plan per rep, approvals waiting; team
    # choices, rep choices, region choices. The targets block loads after the page (its own
    # view, tested in test_targets.py): none of its queries here.
    with django_assert_num_queries(17):
        response = client.get(reverse("dashboard:index"))

    assert response.status_code == 200
    assert response.context["data"].summary["accounts"] == accounts
    assert sum(response.context["data"].health_bands.values()) == accounts


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
    decision_maker = ContactFactory(account=other, relationship_strength=RelationshipStrength.STRONG)
    ContactRoleFactory(contact=decision_maker, role=BuyingRole.DECISION_MAKER)
    coach = ContactFactory(account=other, relationship_strength=RelationshipStrength.WEAK)
    ContactRoleFactory(contact=coach, role=BuyingRole.COACH)
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


def test_at_risk_list_is_limited_and_has_the_most_revenue_at_stake_first(client, admin_user):
    run = ScoringRunFactory(accounts_count=30)
    for rank in range(30, 0, -1):  # made smallest first: the order must come from the query
        account = AccountFactory(name=f"Key {rank:02d}")
        ScoringResultFactory(run=run, rank=rank, abc_tier="A", account=account, measure=Decimal(1000 - rank))
    scoring_figures_refresh()
    client.force_login(admin_user)

    at_risk = client.get(reverse("dashboard:index")).context["data"].at_risk

    assert [account.name for account in at_risk] == [f"Key {rank:02d}" for rank in range(1, 21)]


def live_figures(user, **filters):
    """The dashboard's figures aggregated from the run's results, as before owner totals."""
    scope = Scope(user=user, **filters)
    figures = scoring_selectors.run_figures(run=scoring_selectors.latest_runs(1)[0], accounts=scope.visible_accounts())
    return figures.summary, figures.movements, figures.pareto


def page_figures(client, user, **query):
    client.force_login(user)
    data = client.get(reverse("dashboard:index"), query).context["data"]
    return data.summary, {k: v for k, v in data_movements(data).items() if v}, data.pareto["points"]


def data_movements(data) -> dict:
    return {(row["from"], cell["to"]): cell["count"] for row in data.matrix for cell in row["cells"]}


@pytest.fixture
def mixed_run(cast, account, foreign_account):
    """A real run over accounts of every owner, one South account worked by the North manager."""
    for index, owner in enumerate(["rep", "teammate", "manager", "other_rep", "rep", "other_rep", "teammate"]):
        sell(AccountFactory(owner=cast[owner], code=f"MX{index:02d}"), 1000 * (index + 1), on=AS_OF)
        sell(AccountFactory(owner=cast[owner], code=f"MY{index:02d}"), 300, on=AS_OF - datetime.timedelta(days=60))
    sell(account, 2500, on=AS_OF)
    sell(foreign_account, 4000, on=AS_OF - datetime.timedelta(days=60))
    AccountTeamMemberFactory(account=foreign_account, user=cast["manager"])
    services.rescore(as_of=AS_OF - datetime.timedelta(days=40), trigger=RunTrigger.COMMAND)
    return services.rescore(as_of=AS_OF, trigger=RunTrigger.COMMAND)


@pytest.mark.parametrize(
    "role", ["rep", "teammate", "manager", "other_rep", "other_manager", "credit_approver", "admin"]
)
def test_figures_from_owner_totals_equal_the_figures_of_the_results(client, cast, mixed_run, role):
    user = cast[role]
    summary, movements, pareto = page_figures(client, user)
    live_summary, live_movements, live_pareto = live_figures(user)

    assert summary == live_summary
    assert movements == {key: count for key, count in live_movements.items() if count}
    assert pareto == live_pareto
    assert OwnerFigure.objects.filter(run=mixed_run).exists()  # read from the totals, not the fallback


@pytest.mark.parametrize("role", ["manager", "admin"])
def test_team_and_rep_filters_read_the_same_figures_as_the_results(client, cast, north, mixed_run, role):
    user = cast[role]
    for filters in ({"team": north}, {"rep": cast["teammate"]}):
        query = {name: value.pk for name, value in filters.items()}
        summary, _movements, pareto = page_figures(client, user, **query)
        live_summary, _live_movements, live_pareto = live_figures(user, **filters)
        assert (summary, pareto) == (live_summary, live_pareto)


def test_manager_counts_the_account_they_work_on_in_another_team(client, cast, mixed_run, foreign_account):
    summary, _movements, _pareto = page_figures(client, cast["manager"])

    north_accounts = Account.objects.filter(owner__team=cast["manager"].team).count()
    assert summary["accounts"] == north_accounts + 1  # Southwind, through its account team


def test_an_account_given_to_another_team_moves_its_figures_at_once(client, cast, mixed_run, account):
    before_north = page_figures(client, cast["manager"])[0]["accounts"]
    before_south = page_figures(client, cast["other_manager"])[0]["accounts"]

    account_update(account=account, actor=cast["admin"], fields={"owner": cast["other_rep"]})

    assert page_figures(client, cast["manager"])[0]["accounts"] == before_north - 1
    assert page_figures(client, cast["other_manager"])[0]["accounts"] == before_south + 1
    assert page_figures(client, cast["other_manager"])[0] == live_figures(cast["other_manager"])[0]


def test_a_run_without_owner_totals_is_aggregated_from_its_results(client, manager, two_runs):
    OwnerFigure.objects.filter(run=two_runs).delete()  # a run finished before totals were kept
    client.force_login(manager)

    data = client.get(reverse("dashboard:index")).context["data"]

    assert data.summary["accounts"] == 2
    assert data.summary["total"] == Decimal("1000")


def test_a_rerun_replaces_its_owner_totals(rep):
    make_book(rep)
    first = services.rescore(as_of=AS_OF, trigger=RunTrigger.COMMAND)
    totals = list(OwnerFigure.objects.filter(run=first).values_list("accounts", "measure_sum").order_by("pk"))
    ScoringRun.objects.filter(pk=first.pk).update(status="pending")  # as run_prepare does for a rerun

    services.run_execute(run_id=first.pk)

    again = list(OwnerFigure.objects.filter(run=first).values_list("accounts", "measure_sum").order_by("pk"))
    assert sorted(again) == sorted(totals)
    assert sum(count for count, _sum in again) == first.accounts_count == 10


def test_an_import_that_gives_accounts_another_owner_moves_their_figures(client, tmp_path, cast, mixed_run):
    moved = Account.objects.filter(owner=cast["rep"]).order_by("code")[:2]
    path = tmp_path / "owners.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows([("code", "name", "owner"), *((a.code, a.name, "other_rep") for a in moved)])
    before = page_figures(client, cast["other_manager"])[0]["accounts"]

    call_command("import_accounts", str(path), stdout=io.StringIO())

    assert page_figures(client, cast["other_manager"])[0]["accounts"] == before + 2
    assert page_figures(client, cast["manager"])[0] == live_figures(cast["manager"])[0]


def test_an_owner_changed_in_the_admin_moves_the_figures(client, cast, mixed_run, account):
    client.force_login(cast["admin"])
    form = client.get(reverse("admin:accounts_account_change", args=[account.pk])).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update({"owner": cast["other_rep"].pk, "team_members-TOTAL_FORMS": 0, "team_members-INITIAL_FORMS": 0})
    for name, value in list(data.items()):
        if isinstance(value, datetime.datetime):  # the admin splits a date-time into two inputs
            data.update({f"{name}_0": value.date().isoformat(), f"{name}_1": value.time().isoformat()})

    response = client.post(reverse("admin:accounts_account_change", args=[account.pk]), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert page_figures(client, cast["other_manager"])[0] == live_figures(cast["other_manager"])[0]
    assert page_figures(client, cast["manager"])[0] == live_figures(cast["manager"])[0]


def live_ageing(user, **filters) -> dict:
    """The receivables ageing added up from every stored position the scope covers."""
    accounts = Scope(user=user, **filters).accounts()
    positions = CreditPosition.objects.filter(account__in=accounts.values("pk"))
    return {name: positions.aggregate(total=Sum(name))["total"] for name in AGEING_BUCKETS}


@pytest.mark.parametrize("role", ["rep", "manager", "other_manager", "admin"])
def test_the_morning_ageing_from_owner_sums_equals_the_positions_it_covers(client, cast, north, mixed_run, role):
    figures_repair()  # the nightly job: receivables, positions and their per-owner sums
    user = cast[role]
    client.force_login(user)
    filters = [{}, {"team": north}, {"rep": cast["teammate"]}] if role in ("manager", "admin") else [{}]
    for scope in filters:
        query = {name: value.pk for name, value in scope.items()}
        ageing = client.get(reverse("dashboard:index"), query).context["morning"].ageing
        assert ageing == live_ageing(user, **scope), scope
    assert OwnerAgeing.objects.exists()


def test_an_account_given_to_another_team_moves_its_ageing_at_once(client, cast, mixed_run, account):
    figures_repair()
    north_before = live_ageing(cast["manager"])["overdue_over_90"]
    owed = CreditPosition.objects.get(account=account).overdue_over_90
    assert owed > 0

    account_update(account=account, actor=cast["admin"], fields={"owner": cast["other_rep"]})

    client.force_login(cast["manager"])
    ageing = client.get(reverse("dashboard:index")).context["morning"].ageing
    assert ageing["overdue_over_90"] == north_before - owed
    assert figure_drifts() == []


def test_region_filter_takes_in_its_areas_and_a_managers_region_is_the_default(
    client, manager, admin_user, account, rep, two_runs
):
    north = RegionFactory(code="N", name="North")
    beijing = RegionFactory(code="N-BJ", name="Beijing", parent=north)
    account_update(account=account, actor=admin_user, fields={"region": beijing})
    client.force_login(admin_user)

    data = client.get(reverse("dashboard:index"), {"region": north.pk}).context["data"]

    # account (B, 300) lies in an area of North; the others in no region
    assert data.summary["accounts"] == 1 and data.summary["total"] == Decimal("300")
    assert [row["accounts"] for row in data.summary["tiers"] if row["key"] == "B"] == [1]
    manager.region = north
    manager.save(update_fields=["region"])
    client.force_login(manager)
    assert client.get(reverse("dashboard:index")).context["data"].summary["accounts"] == 1
    assert client.get(reverse("dashboard:index"), {"region": ""}).context["data"].summary["accounts"] == 2


@pytest.fixture
def regions(cast, mixed_run, account, foreign_account):
    """A region with two areas; through the account service, a third of the accounts in each
    area, one in the region itself and the rest in none (the South account worked by the North
    manager in an area too)."""
    region = RegionFactory(code="E", name="East")
    areas = [
        RegionFactory(code="E-SH", name="Shanghai", parent=region),
        RegionFactory(code="E-HZ", name="Hangzhou", parent=region),
    ]
    for index, pk in enumerate(Account.objects.order_by("code").values_list("pk", flat=True)):
        place = [areas[0], areas[1], None][index % 3]
        if place is not None:
            account_update(account=Account.objects.get(pk=pk), actor=cast["admin"], fields={"region": place})
    account_update(account=account, actor=cast["admin"], fields={"region": region})
    account_update(account=foreign_account, actor=cast["admin"], fields={"region": areas[1]})
    figures_repair()  # the nightly job: receivables, positions and their per-owner sums
    return region, areas


@pytest.mark.parametrize("role", ["rep", "manager", "other_manager", "admin"])
def test_a_region_adds_up_stored_totals_equal_to_its_accounts_live(client, cast, north, regions, role):
    region, areas = regions
    user = cast[role]
    scopes = [{"region": region}, {"region": areas[1]}]
    if role in ("manager", "admin"):
        scopes += [{"region": region, "team": north}, {"region": areas[0], "rep": cast["teammate"]}]
    for scope in scopes:
        query = {name: value.pk for name, value in scope.items()}
        summary, movements, pareto = page_figures(client, user, **query)
        live_summary, live_movements, live_pareto = live_figures(user, **scope)
        assert (summary, pareto) == (live_summary, live_pareto), scope
        assert movements == {key: count for key, count in live_movements.items() if count}, scope
        ageing = client.get(reverse("dashboard:index"), query).context["morning"].ageing
        assert ageing == live_ageing(user, **scope), scope
    assert OwnerFigure.objects.filter(region__in=areas).exists()  # read from the totals, not the fallback
    assert OwnerAgeing.objects.filter(region=areas[0]).exists()


def test_an_account_put_in_another_region_moves_its_figures_at_once(client, cast, regions, account):
    region, _areas = regions
    before = page_figures(client, cast["manager"], region=region.pk)[0]["accounts"]

    account_update(account=account, actor=cast["admin"], fields={"region": None})

    assert page_figures(client, cast["manager"], region=region.pk)[0] == live_figures(cast["manager"], region=region)[0]
    assert page_figures(client, cast["manager"], region=region.pk)[0]["accounts"] == before - 1
    client.force_login(cast["manager"])
    ageing = client.get(reverse("dashboard:index"), {"region": region.pk}).context["morning"].ageing
    assert ageing == live_ageing(cast["manager"], region=region)
    assert figure_drifts() == []


def test_an_import_that_puts_accounts_in_another_region_moves_their_figures(client, tmp_path, cast, regions):
    _region, areas = regions
    moved = Account.objects.filter(owner__team=cast["manager"].team, region__isnull=True).order_by("code")[:2]
    assert len(moved) == 2
    path = tmp_path / "regions.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        rows = ((a.code, a.name, a.owner.username, "E-SH") for a in moved)
        csv.writer(file).writerows([("code", "name", "owner", "region"), *rows])
    before = page_figures(client, cast["manager"], region=areas[0].pk)[0]["accounts"]

    call_command("import_accounts", str(path), stdout=io.StringIO())

    assert page_figures(client, cast["manager"], region=areas[0].pk)[0]["accounts"] == before + 2
    assert figure_drifts() == []


@pytest.mark.parametrize("accounts", [3, 40])
def test_the_dashboard_of_a_managers_region_runs_a_fixed_number_of_queries(
    client, manager, rep, django_assert_num_queries, accounts
):
    region = RegionFactory(code="N", name="North")
    area = RegionFactory(code="N-BJ", name="Beijing", parent=region)
    manager.region = region
    manager.save(update_fields=["region"])
    run = ScoringRunFactory(previous=ScoringRunFactory(as_of=datetime.date(2026, 5, 31)))
    for index in range(accounts):
        owner = rep if index % 2 else UserFactory(team=rep.team)
        account = AccountFactory(owner=owner, region=[area, region, None][index % 3])
        ScoringResultFactory(run=run, account=account, abc_tier="ABC"[index % 3], previous_abc_tier="A")
    ScoringRun.objects.filter(pk=run.pk).update(accounts_count=accounts)
    figures_repair()
    client.force_login(manager)

    # As without a region (test_dashboard_runs_a_fixed_number_of_queries), and the manager's
    # region the page opens on (1): the region's owner totals and its accounts seen on account
    # teams, its ageing from the owners' sums and of those accounts, each one query however
    # many accounts the region has.
    with django_assert_num_queries(18):
        response = client.get(reverse("dashboard:index"))

    assert response.context["data"].summary["accounts"] == len([i for i in range(accounts) if i % 3 != 2])
