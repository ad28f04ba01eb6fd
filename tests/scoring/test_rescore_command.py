"""``manage.py rescore``: prints the summary per tier and the movements, writes the CSV report."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from scoring.models import ScoringRun

from .book import AS_OF


def run_command(*args) -> str:
    out = io.StringIO()
    call_command("rescore", *args, stdout=out)
    return out.getvalue()


def test_rescore_prints_counts_and_shares_per_tier(book):
    output = run_command("--as-of", AS_OF.isoformat())

    lines = output.splitlines()
    tier_a = next(line for line in lines if line.startswith("A "))
    tier_b = next(line for line in lines if line.startswith("B "))
    # A: K01 500 + K02 200 + K03 100 = 80 % of 1 000, 3 of 10 accounts
    assert tier_a.split()[1:3] == ["3", "30.0%"]
    assert tier_a.split()[-1] == "80.0%"
    assert tier_b.split()[1] == "2"
    assert tier_b.split()[-1] == "16.0%"
    assert "no previous run" in output
    assert ScoringRun.objects.get().as_of == AS_OF


def test_rescore_writes_the_report_in_rank_order(book, tmp_path):
    report = tmp_path / "tiers.csv"

    run_command("--as-of", AS_OF.isoformat(), "--report", str(report))

    with report.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["account code", "name", "measure", "rank", "share before", "tier", "score", "level"]
    assert [row[0] for row in rows[1:5]] == ["K01", "K02", "K03", "K04"]
    assert [row[5] for row in rows[1:5]] == ["A", "A", "A", "B"]
    assert rows[4][3] == "4"
    assert rows[4][2] == "100.0000"
    assert len(rows) == 11


def test_the_report_writes_share_before_as_a_plain_decimal(book, tmp_path):
    report = tmp_path / "tiers.csv"

    run_command("--as-of", AS_OF.isoformat(), "--report", str(report))

    with report.open(encoding="utf-8") as handle:
        shares = {row[0]: row[4] for row in csv.reader(handle)}
    assert shares["K01"] == "0.0000000000"  # not 0E-10
    assert shares["K04"] == "0.8000000000"


def test_rescore_prints_movements_against_the_previous_run(book):
    run_command("--as-of", AS_OF.isoformat())

    output = run_command("--as-of", datetime.date(2026, 7, 31).isoformat())

    assert "Movements since the run as of 2026-06-30" in output
    assert "A→B: 1" in output
    assert "A→C: 1" in output


def test_rescore_refuses_a_malformed_date(db):
    with pytest.raises(CommandError):
        run_command("--as-of", "31/06/2026")
