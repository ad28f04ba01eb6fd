"""bench/compare.py: the bar against a baseline measured on the same machine."""

import sys

from bench import compare

HEADER = "| page | median ms | bare view ms | ratio | queries |\n|---|---:|---:|---:|---:|\n"


def run(pages: dict[str, float], tmp_path, name: str):
    path = tmp_path / name
    path.write_text(
        "50,000 accounts, postgresql, 30 requests each\n\n"
        + HEADER
        + "".join(f"| {page} | {ms:.1f} | — | — | 5 |\n" for page, ms in pages.items())
    )
    return str(path)


def compare_runs(monkeypatch, base: list[str], now: list[str]) -> int:
    monkeypatch.setattr(sys, "argv", ["compare.py", "--base", *base, "--now", *now])
    return compare.main()


def test_each_side_counts_its_fastest_run_and_a_page_over_the_bar_fails(tmp_path, monkeypatch, capsys):
    base = [
        run({"account list (admin)": 10.0, "order detail (rep_li)": 20.0}, tmp_path, "base-1.txt"),
        run({"account list (admin)": 14.0, "order detail (rep_li)": 18.0}, tmp_path, "base-2.txt"),
    ]
    now = [run({"account list (admin)": 12.5, "order detail (rep_li)": 19.0, "new page": 5.0}, tmp_path, "now-1.txt")]

    assert compare_runs(monkeypatch, base, now) == 1
    out = capsys.readouterr().out
    assert "| account list (admin) | 10.0 | 12.5 | 1.25× | 5 → 5 | **over** |" in out
    assert "| order detail (rep_li) | 18.0 | 19.0 | 1.06× | 5 → 5 | ok |" in out
    assert "new page" not in out  # measured on one side only
    assert "1 page(s) slower than the baseline by more than 20%" in out


def test_every_page_within_the_bar_passes(tmp_path, monkeypatch):
    base = [run({"account list (admin)": 10.0}, tmp_path, "base-1.txt")]
    now = [run({"account list (admin)": 12.0}, tmp_path, "now-1.txt")]

    assert compare_runs(monkeypatch, base, now) == 0
