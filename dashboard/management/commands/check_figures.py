"""``python manage.py check_figures [--repair]``: every stored figure against its definition."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from dashboard.figures import drift_lines, figure_drifts, figures_repair


class Command(BaseCommand):
    help = (
        "Recompute every stored figure (receivables, owners' monthly revenue, credit positions and ageing, "
        "standings, owner figures, visit schedules, committee coverage) from the source rows and print each "
        "difference (table, account code or row, figure, stored, recomputed); exit 1 when any differ. "
        "--repair rewrites them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="Rewrite the stored figures that differ.")

    def handle(self, *args, **options):
        drifts = figure_drifts()
        for line in drift_lines(drifts):
            self.stdout.write(line)
        if drifts and options["repair"]:
            figures_repair()
            drifts = figure_drifts()
            for line in drift_lines(drifts):
                self.stdout.write(line)
        self.stdout.write(f"{len(drifts)} difference(s).")
        if drifts:
            raise SystemExit(1)
