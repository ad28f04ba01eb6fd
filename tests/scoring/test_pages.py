"""The scoring pages: configuration, "run now" with its progress, the account's tab, ratings."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from scoring import services
from scoring.models import AccountRating, RunStatus, ScoringRun
from tests.factories import AccountFactory, ScoringResultFactory, ScoringRunFactory

from .book import AS_OF


def config_post(**overrides) -> dict:
    data = {
        "abc_measure": "profit",
        "window_months": "6",
        "a_threshold": "70",
        "b_threshold": "90",
        "vip_min_score": "85",
        "key_min_score": "65",
        "ordinary_min_score": "35",
        "high_profit_margin": "50",
    }
    for criterion in ["cumulative_amount", "price_sensitivity"]:
        data[f"enabled_{criterion}"] = "on"
        data[f"weight_{criterion}"] = "2"
    data.update(overrides)
    return data


def test_admin_saves_the_configuration_and_the_next_run_uses_it(client, admin_user):
    client.force_login(admin_user)

    response = client.post(reverse("scoring:config"), config_post())

    assert response.status_code == 302
    config = services.config_load()
    assert config.abc_measure == "profit"
    assert config.window_months == 6
    assert config.a_threshold == Decimal("70")
    assert config.criteria["cumulative_amount"] == {"enabled": True, "weight": "2"}
    assert config.criteria["profit_margin"]["enabled"] is False
    assert config.updated_by == admin_user
    snapshot = config.snapshot()
    assert snapshot["criteria"]["price_sensitivity"] == {"enabled": True, "weight": "2"}


def test_configuration_refuses_thresholds_out_of_order(client, admin_user):
    client.force_login(admin_user)

    response = client.post(reverse("scoring:config"), config_post(a_threshold="95", b_threshold="90"))

    assert response.status_code == 200
    assert "b_threshold" in response.context["form"].errors
    assert services.config_load().a_threshold == Decimal("80")


def test_admin_runs_a_rescore_now_and_sees_it_done(
    client,
    admin_user,
    book,
    django_capture_on_commit_callbacks,
):
    client.force_login(admin_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("scoring:run_request"), {"as_of": AS_OF.isoformat()})

    run = ScoringRun.objects.get()
    assert response["Location"] == reverse("scoring:run_detail", args=[run.pk])
    assert run.status == RunStatus.DONE
    assert run.requested_by == admin_user
    page = client.get(response["Location"])
    assert page.context["progress"]["percent"] == 100
    tiers = {row["key"]: row["accounts"] for row in page.context["summary"]["tiers"]}
    assert tiers == {"A": 3, "B": 2, "C": 5}
    progress = client.get(reverse("scoring:run_progress", args=[run.pk])).content.decode()
    assert "hx-trigger" not in progress  # done: the fragment stops polling


def test_a_waiting_run_polls_for_its_progress(client, admin_user):
    run = ScoringRunFactory(status=RunStatus.PENDING)
    client.force_login(admin_user)

    fragment = client.get(reverse("scoring:run_progress", args=[run.pk])).content.decode()

    assert 'hx-trigger="every 1s"' in fragment


def test_a_run_cannot_be_dated_in_the_future(client, admin_user):
    client.force_login(admin_user)

    client.post(
        reverse("scoring:run_request"), {"as_of": (datetime.date.today() + datetime.timedelta(days=5)).isoformat()}
    )

    assert not ScoringRun.objects.exists()


@pytest.mark.parametrize("runs", [1, 8])
def test_account_tab_shows_tier_history_in_a_fixed_number_of_queries(client, rep, django_assert_num_queries, runs):
    account = AccountFactory(owner=rep)
    for month in range(1, runs + 1):
        ScoringResultFactory(account=account, run=ScoringRunFactory(as_of=datetime.date(2026, month, 1)), rank=month)
    client.force_login(rep)

    # session, user, the account (visibility), its results with their runs, its rating
    with django_assert_num_queries(5):
        response = client.get(reverse("scoring:account_panel", args=[account.pk]))

    assert response.status_code == 200
    assert response.context["chart"]["labels"][0] == "2026-01-01"
    assert len(response.context["chart"]["tiers"]) == runs
    assert b'id="tier-history-data"' in response.content


def test_owner_rates_the_account(client, rep, account):
    client.force_login(rep)

    response = client.post(
        reverse("scoring:rate", args=[account.pk]),
        {"needs_match": "5", "service_level_demand": "4", "price_sensitivity": "1", "partnership_wish": "5"},
    )

    assert response.status_code == 302
    rating = AccountRating.objects.get(account=account)
    assert (rating.needs_match, rating.price_sensitivity, rating.rated_by) == (5, 1, rep)


def test_ratings_move_the_score(book, rep):
    run = services.rescore(as_of=AS_OF, trigger="command")
    k07 = book["K07"]
    before = run.results.get(account=k07).score
    AccountRating.objects.create(
        account=k07, needs_match=5, service_level_demand=5, price_sensitivity=1, partnership_wish=5
    )

    after = services.rescore(as_of=AS_OF + datetime.timedelta(days=1), trigger="command").results.get(account=k07)

    assert after.score > before
    assert after.needs_match_score == Decimal("100")
    assert after.price_sensitivity_score == Decimal("100")


@pytest.mark.parametrize("model", ["scoringrun", "accountstanding", "scoringconfig", "accountrating"])
def test_django_admin_lists_scoring_models(client, admin_user, model):
    ScoringRunFactory()
    client.force_login(admin_user)

    assert client.get(reverse(f"admin:scoring_{model}_changelist")).status_code == 200


@pytest.mark.parametrize("accounts", [3, 30])
def test_run_page_sums_tiers_and_movements_in_a_fixed_number_of_queries(
    client, admin_user, django_assert_num_queries, accounts
):
    run = ScoringRunFactory(accounts_count=accounts)
    for index in range(accounts):
        ScoringResultFactory(run=run, abc_tier="AB"[index % 2], previous_abc_tier="A", measure=Decimal("10"))
    client.force_login(admin_user)

    # session, user, the run with its previous, one GROUP BY for tiers × levels and movements
    with django_assert_num_queries(4):
        response = client.get(reverse("scoring:run_detail", args=[run.pk]))

    tiers = {row["key"]: row["accounts"] for row in response.context["summary"]["tiers"]}
    assert tiers == {"A": (accounts + 1) // 2, "B": accounts // 2, "C": 0}
    cells = {(row["from"], cell["to"]): cell["count"] for row in response.context["matrix"] for cell in row["cells"]}
    assert cells[("A", "B")] == accounts // 2
    assert response.context["summary"]["total"] == Decimal("10") * accounts


def test_the_measure_column_says_what_it_measures_and_in_what_unit(client, admin_user, settings):
    settings.CURRENCY = "CNY"
    run = ScoringRunFactory(config_snapshot={"abc_measure": "profit", "window_months": 12})
    ScoringResultFactory(run=run, abc_tier="A", measure=Decimal("10"))
    client.force_login(admin_user)
    page = client.get(reverse("scoring:run_detail", args=[run.pk])).content.decode()
    assert '<div class="small fw-normal text-body-secondary measure-unit">Gross profit, CNY, 12 months</div>' in page


@pytest.mark.parametrize(
    ("language", "days", "rating"), [("en", "35.5 days", "4 of 5"), ("zh-hans", "35.5 天", "4 / 5")]
)
def test_account_tab_gives_every_criterion_its_unit(client, rep, language, days, rating):
    account = AccountFactory(owner=rep)
    ScoringResultFactory(
        account=account,
        run=ScoringRunFactory(as_of=datetime.date(2026, 1, 1)),
        cumulative_amount_value=Decimal("1234567.5"),
        collection_period_value=Decimal("35.5"),
        profit_margin_value=Decimal("0.3512"),
        needs_match_value=Decimal("4"),
    )
    client.force_login(rep)

    page = client.get(reverse("scoring:account_panel", args=[account.pk]), HTTP_ACCEPT_LANGUAGE=language)
    cells = re.findall(r'<td class="text-end">([^<]*)</td>', page.content.decode())

    assert {"CNY 1,234,567.50", days, "35.1\xa0%", rating} <= set(cells)
