"""``python manage.py early_warning --as-of YYYY-MM-DD --horizon DAYS [--report FILE.csv]``"""

from __future__ import annotations

import csv

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from intelligence import health, services
from intelligence.models import AccountHealth
from scoring.management.commands.rescore import as_of_date

REPORT_COLUMNS = ["account code", "name", "health score", "band", "risk rank", "reasons"]
MAX_HORIZON_DAYS = 730


def horizon(value: str) -> int:
    try:
        days = int(value)
    except ValueError as error:
        raise CommandError(_("--horizon must be a number of days, not %(value)r.") % {"value": value}) from error
    if not 1 <= days <= MAX_HORIZON_DAYS:
        raise CommandError(_("--horizon must be between 1 and %(max)s days.") % {"max": MAX_HORIZON_DAYS})
    return days


class Command(BaseCommand):
    help = "Score every account's health and relationship as of a date; optionally write the health per account."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", type=as_of_date, required=True, help="The run's date.")
        parser.add_argument("--horizon", type=horizon, required=True, help="Days ahead for 'no order within'.")
        parser.add_argument("--report", metavar="FILE.csv", help="Write every account's health to this CSV file.")

    def handle(self, *args, **options):
        run = services.intelligence_run(as_of=options["as_of"], horizon_days=options["horizon"])
        self.stdout.write(
            _("Intelligence run as of %(as_of)s, horizon %(days)s days: %(accounts)s accounts in %(seconds).2f s.")
            % {
                "as_of": run.as_of.isoformat(),
                "days": run.horizon_days,
                "accounts": run.accounts_count,
                "seconds": (run.duration_ms or 0) / 1000,
            }
        )
        if options["report"]:
            rows = AccountHealth.objects.filter(run=run).order_by("risk_rank")
            columns = ("account__code", "account__name", "score", "band", "risk_rank", "reasons")
            with open(options["report"], "w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(REPORT_COLUMNS)
                for *row, reasons in rows.values_list(*columns).iterator(chunk_size=5000):
                    writer.writerow([*row, " | ".join(health.reason_text(reason) for reason in reasons)])
            self.stdout.write(
                _("Wrote %(rows)s rows to %(file)s.") % {"rows": run.accounts_count, "file": options["report"]}
            )
