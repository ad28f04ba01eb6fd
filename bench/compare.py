"""Compare page timings of two code bases measured on one machine: a baseline and now.

A page's time is only comparable with another taken on the same machine: the same commit
measured 15.3 ms on one of our machines and 10–12 ms on another. So a bar such as "no page
slower than the baseline by more than 20 %" is checked by running ``bench/pages.py`` for the
baseline commit and for the current code, each on its own database seeded by its own code,
in alternating rounds (``bench/against.sh`` does it), then:

    .venv/bin/python bench/compare.py --base base-1.txt base-2.txt --now now-1.txt now-2.txt

Each file is one run's output. A page's figure on each side is its lowest median over the
runs: other work on a shared machine only ever adds time. Pages measured on one side only are
left out. Exits 1 when a page is slower than the baseline by more than ``--bar`` (0.20).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def medians(path: Path) -> dict[str, tuple[float, str]]:
    """Each page of one ``bench/pages.py`` output: (median ms, queries)."""
    rows = {}
    for line in path.read_text().splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[1].replace(".", "", 1).isdigit():
            rows[cells[0]] = (float(cells[1]), cells[4])
    return rows


def fastest(paths: list[Path]) -> dict[str, tuple[float, str]]:
    best: dict[str, tuple[float, str]] = {}
    for path in paths:
        for page, (ms, queries) in medians(path).items():
            if page not in best or ms < best[page][0]:
                best[page] = (ms, queries)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", nargs="+", type=Path, required=True, help="the baseline's runs")
    parser.add_argument("--now", nargs="+", type=Path, required=True, help="the current code's runs")
    parser.add_argument("--bar", type=float, default=0.20, help="allowed slowdown (0.20: 20 %%)")
    args = parser.parse_args()
    base, now = fastest(args.base), fastest(args.now)
    over = 0
    print("| page | baseline ms | now ms | ratio | queries then → now | |")
    print("|---|---:|---:|---:|---|---|")
    for page, (then_ms, then_queries) in base.items():
        if page not in now:
            continue
        now_ms, now_queries = now[page]
        ratio = now_ms / then_ms
        slower = ratio > 1 + args.bar
        over += slower
        verdict = "**over**" if slower else "ok"
        print(f"| {page} | {then_ms:.1f} | {now_ms:.1f} | {ratio:.2f}× | {then_queries} → {now_queries} | {verdict} |")
    print(f"\n{over} page(s) slower than the baseline by more than {args.bar:.0%}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
