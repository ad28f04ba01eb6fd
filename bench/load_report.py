"""Markdown tables from the CSV files of bench/locustfile.py runs (`locust --csv PREFIX`).

    python3 bench/load_report.py bench/results/load-50                 # per page, one run
    python3 bench/load_report.py bench/results/load-{50,70,90,110}     # one line per run

Runs are named by their user count (the number ending the prefix). The break point is the
first run whose p95 over all pages passes 500 ms.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

SKIPPED = {"login", "login form"}  # the warm-up's log-ins, reset before the statistics
BREAK_MS = 500


def rows(prefix: str) -> list[dict]:
    with Path(f"{prefix}_stats.csv").open(newline="") as file:
        return [row for row in csv.DictReader(file) if row["Name"] not in SKIPPED]


def per_page(prefix: str) -> str:
    lines = ["| page | requests | failures | median ms | p95 ms | p99 ms |", "|---|---:|---:|---:|---:|---:|"]
    for row in rows(prefix):
        lines.append(
            f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} | "
            f"{row['Median Response Time']} | {row['95%']} | {row['99%']} |"
        )
    total = next(row for row in rows(prefix) if row["Name"] == "Aggregated")
    lines.append(f"\n{float(total['Requests/s']):.1f} requests/s, {total['Failure Count']} errors.")
    return "\n".join(lines)


def series(prefixes: list[str]) -> str:
    lines = [
        "| users | requests/s | errors | median ms | p95 ms | p99 ms | slowest page at p95 |",
        "|---:|---:|---:|---:|---:|---:|---|",
    ]
    broken = None
    for prefix in sorted(prefixes, key=users):
        pages = rows(prefix)
        total = next(row for row in pages if row["Name"] == "Aggregated")
        slowest = max((row for row in pages if row["Name"] != "Aggregated"), key=lambda row: float(row["95%"]))
        lines.append(
            f"| {users(prefix)} | {float(total['Requests/s']):.1f} | {total['Failure Count']} | "
            f"{total['Median Response Time']} | {total['95%']} | {total['99%']} | "
            f"{slowest['Name']} ({slowest['95%']}) |"
        )
        if broken is None and float(total["95%"]) > BREAK_MS:
            broken = users(prefix)
    verdict = f"p95 passes {BREAK_MS} ms at {broken} users" if broken else f"p95 stays under {BREAK_MS} ms"
    return "\n".join([*lines, "", f"Break point: {verdict}."])


def users(prefix: str) -> int:
    return int(re.search(r"(\d+)$", prefix).group(1))


if __name__ == "__main__":
    arguments = sys.argv[1:]
    print(per_page(arguments[0]) if len(arguments) == 1 else series(arguments))
