"""``python manage.py rescore [--as-of YYYY-MM-DD] [--report FILE.csv]``"""

from __future__ import annotations

import csv
import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from scoring import selectors, services
from scoring.models import RunTrigger, ScoringResult

REPORT_COLUMNS = ["account code", "name", "measure", "rank", "share before", "tier", "score", "level"]


def as_of_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(_("--as-of must be a date as YYYY-MM-DD, not %(value)r.") % {"value": value}) from error


class Command(BaseCommand):
    help = "Re-score every account (ABC tier, score, level) as of a date, and print the summary."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", type=as_of_date, default=None, help="The run's date (default: today).")
        parser.add_argument("--report", metavar="FILE.csv", help="Write every account's result to this CSV file.")

    def handle(self, *args, **options):
        as_of = options["as_of"] or timezone.localdate()
        try:
            run = services.rescore(as_of=as_of, trigger=RunTrigger.COMMAND)
        except services.RunInProgress as error:
            raise CommandError(_("A run for this date and configuration is in progress.")) from error
        if run is None:
            raise CommandError(_("Another worker claimed this run."))
        self._print_summary(run)
        if options["report"]:
            rows = self._write_report(run, options["report"])
            self.stdout.write(_("Wrote %(rows)s rows to %(file)s.") % {"rows": rows, "file": options["report"]})

    def _print_summary(self, run) -> None:
        results = ScoringResult.objects.filter(run=run)
        summary = selectors.tier_level_summary(results)
        measure = run.config_snapshot["abc_measure"]
        self.stdout.write(
            _("Scoring run %(id)s as of %(as_of)s: %(accounts)s accounts in %(seconds).2f s, measure %(measure)s.")
            % {
                "id": run.pk,
                "as_of": run.as_of.isoformat(),
                "accounts": run.accounts_count,
                "seconds": (run.duration_ms or 0) / 1000,
                "measure": measure,
            }
        )
        headers = (_("Tier"), pgettext("count", "Accounts"), _("% accounts"), _("Measure"), _("% measure"))
        self.stdout.write("{:<6}{:>10}{:>12}{:>20}{:>11}".format(*headers))
        for bucket in summary["tiers"]:
            self.stdout.write(
                f"{bucket['key']:<6}{bucket['accounts']:>10}{bucket['account_share']:>12.1%}"
                f"{bucket['measure']:>20,.2f}{float(bucket['measure_share']):>11.1%}"
            )
        self.stdout.write(_("Levels:"))
        for bucket in summary["levels"]:
            self.stdout.write(f"  {bucket['key']:<10}{bucket['accounts']:>10}")
        counts = selectors.movement_counts(results)
        if run.previous_id is None:
            self.stdout.write(_("Movements: no previous run to compare with."))
            return
        self.stdout.write(_("Movements since the run as of %(date)s:") % {"date": run.previous.as_of.isoformat()})
        for (source, target), accounts in sorted(counts.items()):
            self.stdout.write(f"  {source or _('new')}→{target}: {accounts}")

    @staticmethod
    def _write_report(run, path: str) -> int:
        rows = (
            ScoringResult.objects.filter(run=run)
            .order_by("rank")
            .values_list(
                "account__code", "account__name", "measure", "rank", "share_before", "abc_tier", "score", "level"
            )
        )
        count = 0
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(REPORT_COLUMNS)
            for code, name, measure, rank, share_before, tier, score, level in rows.iterator(chunk_size=5000):
                # Plain decimals: str(Decimal) writes a zero share as "0E-10".
                writer.writerow([code, name, f"{measure:f}", rank, f"{share_before:f}", tier, f"{score:f}", level])
                count += 1
        return count
