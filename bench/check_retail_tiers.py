"""Recompute the ABC rule of docs/tiering.md from the raw Online Retail CSV, in plain Python (no
Django, no project code), and compare it with the report of ``manage.py rescore --report``.

    .venv/bin/python bench/check_retail_tiers.py --as-of 2011-12-09 --report tiers.csv [CSV]

The rule: net revenue (quantity × unit price, cancellations negative) of the lines with a
customer dated in the 12 months ending on the as-of date, i.e. after the same day 12 months
earlier and up to the as-of date included; every customer of the file is an account (no
line in the window: 0); ranked highest first, ties by account code; share before = sum of the
measures ranked above ÷ total of the positive measures; A < 80 %, B < 95 %, else C; ≤ 0 is C.
Exits 1 on any difference in tier, rank, measure or share before.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import lzma
import sys
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

# The project's shared data sits beside the repository (../shared/data).
DEFAULT_CSV = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "online-retail.csv.xz"


def months_before(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    for candidate in range(day.day, 0, -1):  # clamp to a shorter month's last day
        try:
            return datetime.date(year, month + 1, candidate)
        except ValueError:
            continue
    raise ValueError(day)


def expected_tiers(path: Path, as_of: datetime.date, months: int = 12) -> dict[str, dict]:
    start = months_before(as_of, months)
    measures: dict[str, Decimal] = defaultdict(Decimal)
    opener = lzma.open if path.suffix == ".xz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if not row["CustomerID"]:
                continue
            code = str(int(float(row["CustomerID"])))
            day = datetime.date.fromisoformat(row["InvoiceDate"][:10])
            measures[code] += Decimal(0)  # every customer is an account
            if start < day <= as_of:
                measures[code] += Decimal(row["Quantity"]) * Decimal(row["UnitPrice"])
    ranked = sorted(measures.items(), key=lambda item: (-item[1], item[0]))
    total = sum((m for _code, m in ranked if m > 0), Decimal(0))
    result, before = {}, Decimal(0)
    for rank, (code, measure) in enumerate(ranked, start=1):
        share = before / total if total else Decimal(0)
        if measure <= 0:
            tier = "C"
        elif before * 100 < 80 * total:
            tier = "A"
        elif before * 100 < 95 * total:
            tier = "B"
        else:
            tier = "C"
        result[code] = {"rank": rank, "measure": measure, "share": share, "tier": tier}
        before += measure
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("csv", nargs="?", type=Path, default=DEFAULT_CSV)
    parser.add_argument("--as-of", type=datetime.date.fromisoformat, required=True)
    parser.add_argument("--report", type=Path, required=True, help="The CSV written by rescore --report.")
    options = parser.parse_args()

    expected = expected_tiers(options.csv, options.as_of)
    with options.report.open(encoding="utf-8", newline="") as handle:
        reported = {row["account code"]: row for row in csv.DictReader(handle)}
    differences = []
    for code in sorted(set(expected) | set(reported)):
        want, got = expected.get(code), reported.get(code)
        if want is None or got is None:
            differences.append(f"{code}: only in {'the report' if want is None else 'the CSV'}")
            continue
        share = want["share"].quantize(Decimal("1e-10"), rounding=ROUND_HALF_UP)
        if (
            got["tier"] != want["tier"]
            or int(got["rank"]) != want["rank"]
            or Decimal(got["measure"]) != want["measure"]
            or abs(Decimal(got["share before"]) - share) > Decimal("1e-10")
        ):
            differences.append(f"{code}: expected {want}, report {dict(got)}")
    counts = defaultdict(int)
    for row in expected.values():
        counts[row["tier"]] += 1
    print(f"{len(expected):,} accounts; expected tiers {dict(sorted(counts.items()))}")
    if differences:
        print(f"{len(differences)} differences:", *differences[:20], sep="\n  ")
        return 1
    print("the report matches the independent computation exactly (tier, rank, measure, share before)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
