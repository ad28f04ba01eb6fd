"""The ABC rule of docs/tiering.md against a hand computation (the book of orders in book.py),
through the rescore service."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core import mail

from scoring import alerts, services
from scoring.models import AccountRating, AccountStanding, Measure, RunStatus, RunTrigger, ScoringResult, ScoringRun
from users.models import Notification

from .book import AS_OF


def results_by_code(run):
    rows = ScoringResult.objects.filter(run=run).select_related("account").order_by("rank")
    return {row.account.code: row for row in rows}


def test_tiers_ranks_and_shares_follow_the_rule_to_the_letter(book):
    run = services.rescore(as_of=AS_OF, trigger=RunTrigger.COMMAND)

    rows = results_by_code(run)
    expected = [
        ("K01", "500", "0", "A"),
        ("K02", "200", "0.5", "A"),
        ("K03", "100", "0.7", "A"),
        ("K04", "100", "0.8", "B"),
        ("K05", "60", "0.9", "B"),
        ("K06", "40", "0.96", "C"),
        ("K07", "0", "1", "C"),
        ("K09", "0", "1", "C"),
        ("K10", "0", "1", "C"),
        ("K08", "-30", "1", "C"),
    ]
    assert [(code, row.rank) for code, row in rows.items()] == [(code, n) for n, (code, *_) in enumerate(expected, 1)]
    for code, measure, share, tier in expected:
        row = rows[code]
        assert row.measure == Decimal(measure), code
        assert row.share_before == Decimal(share), code
        assert row.abc_tier == tier, code
    assert run.status == RunStatus.DONE
    assert run.accounts_count == 10
    assert run.total_measure == Decimal("1000")


def test_the_accounts_standing_carries_the_latest_tier(book):
    services.rescore(as_of=AS_OF, trigger=RunTrigger.COMMAND)

    assert book["K03"].standing.abc_tier == "A"
    assert book["K04"].standing.abc_tier == "B"
    assert book["K07"].standing.abc_tier == "C"
    assert AccountStanding.objects.count() == 10


def test_gross_profit_as_the_measure_ranks_by_profit(book):
    config = services.config_load()
    config.abc_measure = Measure.PROFIT
    config.save()

    run = services.rescore(as_of=AS_OF, trigger=RunTrigger.COMMAND)

    rows = results_by_code(run)
    # profits: K02 180, K03 90, K04 90, K01 100 − 20 = 80, K05 55, K06 36; total 531
    assert list(rows)[:6] == ["K02", "K03", "K04", "K01", "K05", "K06"]
    assert rows["K01"].measure == Decimal("80")
    assert rows["K03"].share_before == (Decimal(180) / Decimal(531)).quantize(Decimal("1e-10"))
    assert rows["K03"].abc_tier == "A"  # 180 / 531 = 33.9 %
    assert rows["K04"].abc_tier == "A"  # 270 / 531 = 50.8 %
    assert rows["K01"].abc_tier == "A"  # 360 / 531 = 67.8 %
    assert rows["K05"].abc_tier == "B"  # 440 / 531 = 82.9 %
    assert rows["K06"].abc_tier == "B"  # 495 / 531 = 93.2 %


def test_a_shorter_window_and_other_thresholds_come_from_the_configuration(book):
    config = services.config_load()
    config.window_months = 1  # (2026-05-30, 2026-06-30]: only K06's order
    config.a_threshold = Decimal("50")
    config.save()

    run = services.rescore(as_of=AS_OF, trigger=RunTrigger.COMMAND)

    rows = results_by_code(run)
    assert rows["K06"].rank == 1
    assert rows["K06"].abc_tier == "A"
    assert rows["K01"].measure == 0
    assert rows["K01"].abc_tier == "C"
    assert run.config_snapshot["window_months"] == 1


def test_a_second_run_for_the_same_day_replaces_the_first_and_changes_nothing(book):
    first = services.rescore(as_of=AS_OF, trigger=RunTrigger.COMMAND)
    before = list(ScoringResult.objects.filter(run=first).order_by("rank").values())

    second = services.rescore(as_of=AS_OF, trigger=RunTrigger.SCHEDULE)

    assert second.pk == first.pk
    assert ScoringRun.objects.count() == 1
    after = list(ScoringResult.objects.filter(run=second).order_by("rank").values())
    strip = lambda rows: [{k: v for k, v in row.items() if k != "id"} for row in rows]  # noqa: E731
    assert strip(after) == strip(before)


def test_a_new_configuration_makes_a_new_run_for_the_same_day(book):
    services.rescore(as_of=AS_OF, trigger=RunTrigger.COMMAND)
    config = services.config_load()
    config.b_threshold = Decimal("99")
    config.save()

    services.rescore(as_of=AS_OF, trigger=RunTrigger.COMMAND)

    assert ScoringRun.objects.filter(as_of=AS_OF).count() == 2


def test_a_downgraded_key_account_alerts_owner_and_manager_once(book, rep, manager, django_capture_on_commit_callbacks):
    config = services.config_load()
    config.vip_min_score = config.key_min_score = Decimal("101")  # levels out of the picture: tiers only
    config.save()
    services.rescore(as_of=AS_OF, trigger=RunTrigger.COMMAND)
    # A month later K02's order of 2026-07-01 (9 999) is in the window: total 10 999, K02 alone
    # is 92.7 %, so K01 (share before 92.7 %) falls to B and K03 (97.3 %) to C.
    later = datetime.date(2026, 7, 31)

    with django_capture_on_commit_callbacks(execute=True):
        run = services.rescore(as_of=later, trigger=RunTrigger.SCHEDULE)

    rows = results_by_code(run)
    assert (rows["K01"].previous_abc_tier, rows["K01"].abc_tier) == ("A", "B")
    assert (rows["K03"].previous_abc_tier, rows["K03"].abc_tier) == ("A", "C")
    assert (rows["K02"].previous_abc_tier, rows["K02"].abc_tier) == ("A", "A")
    dropped = ["K01", "K03"]
    keys = set(Notification.objects.values_list("key", flat=True))
    assert keys == {f"scoring:downgrade:{run.pk}:{book[code].pk}" for code in dropped}
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {"rep", "manager"}
    assert Notification.objects.count() == 2 * len(dropped)
    assert len(mail.outbox) == 2 * len(dropped)

    with django_capture_on_commit_callbacks(execute=True):
        again = services.rescore(as_of=later, trigger=RunTrigger.SCHEDULE)

    assert again.pk == run.pk
    assert Notification.objects.count() == 2 * len(dropped)
    assert len(mail.outbox) == 2 * len(dropped)
    assert book["K03"].standing.previous_abc_tier == "A"


def test_a_failed_run_leaves_nothing_behind(book, monkeypatch):
    def explode(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(alerts, "alert_downgrades", lambda run: explode())

    with pytest.raises(RuntimeError):
        services.rescore(as_of=AS_OF, trigger=RunTrigger.COMMAND)

    run = ScoringRun.objects.get()
    assert run.status == RunStatus.FAILED
    assert "disk full" in run.error
    assert not ScoringResult.objects.exists()
    assert not AccountStanding.objects.exists()


def test_levels_follow_the_score_thresholds(book):
    config = services.config_load()
    # Only the owner's ratings count: 5 everywhere (price sensitivity 1) is 100, all 3 is 50, 1 is 0.
    config.criteria = {
        code: {"enabled": code in {"needs_match", "service_level_demand", "price_sensitivity", "partnership_wish"},
               "weight": 1}
        for code in config.criteria
    }  # fmt: skip
    config.save()
    AccountRating.objects.create(
        account=book["K01"], needs_match=5, service_level_demand=5, price_sensitivity=1, partnership_wish=5
    )
    AccountRating.objects.create(
        account=book["K02"], needs_match=4, service_level_demand=4, price_sensitivity=2, partnership_wish=4
    )
    AccountRating.objects.create(
        account=book["K03"], needs_match=1, service_level_demand=1, price_sensitivity=5, partnership_wish=1
    )

    rows = results_by_code(services.rescore(as_of=AS_OF, trigger=RunTrigger.COMMAND))

    assert (rows["K01"].score, rows["K01"].level) == (Decimal("100"), "vip")
    assert (rows["K02"].score, rows["K02"].level) == (Decimal("75"), "key")
    assert (rows["K04"].score, rows["K04"].level) == (Decimal("50"), "ordinary")  # unrated: 3
    assert (rows["K03"].score, rows["K03"].level) == (Decimal("0"), "small")


def test_quantitative_criteria_score_by_mid_rank_percentile(book):
    run = services.rescore(as_of=AS_OF, trigger=RunTrigger.COMMAND)

    scores = {code: row.cumulative_amount_score for code, row in results_by_code(run).items()}
    # ascending: -30 | 0 0 0 | 40 60 | 100 100 | 200 500 — (below + half the equal) ÷ 10
    assert scores["K01"] == Decimal("95.00")
    assert scores["K03"] == scores["K04"] == Decimal("70.00")
    assert scores["K07"] == scores["K09"] == scores["K10"] == Decimal("25.00")
    assert scores["K08"] == Decimal("5.00")
    # nobody has paid anything: no collection period, no score
    assert {row.collection_period_score for row in results_by_code(run).values()} == {Decimal("0")}
