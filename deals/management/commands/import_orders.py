"""python manage.py import_orders FILE [--map FIELD=COLUMN …] [--dry-run] [--create-missing]"""

from __future__ import annotations

import csv
import time

from django.core.management.base import BaseCommand, CommandError

from deals.importing import FIELDS, ImportFileError, import_orders
from imports.console import ConsoleProgress
from users.models import Role, User


class Command(BaseCommand):
    help = (
        "Import orders from a CSV (any common encoding, .gz/.xz/.bz2 too) or Excel file. "
        f"Fields: {', '.join(FIELDS)}. Rows that cannot be used are skipped and reported; "
        "orders already in the database are skipped, so importing a file twice adds nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--map",
            nargs="+",
            action="extend",
            default=[],
            metavar="FIELD=COLUMN",
            help="Which column holds a field, e.g. --map account_code=CustomerID order_number=InvoiceNo",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check and report; write nothing.")
        parser.add_argument(
            "--create-missing", action="store_true", help="Create accounts and products the database lacks."
        )
        parser.add_argument("--owner", help="Username owning the accounts created (default: the first administrator).")
        parser.add_argument("--date-format", help="strptime format of the order dates, e.g. %%d/%%m/%%Y.")
        parser.add_argument(
            "--payment-days", type=int, help="Due date: this many days after the order date (default: none)."
        )
        parser.add_argument(
            "--mark-paid", action="store_true", help="The orders are settled: record a payment of each order's amount."
        )
        parser.add_argument("--encoding", help="The CSV file's encoding, when detection guesses wrong.")
        parser.add_argument("--report", help="Write every skipped row (line, reason, value) to this CSV file.")
        parser.add_argument("--show", type=int, default=10, help="Skipped rows to print per reason (default 10).")

    def handle(self, *args, **options):
        mapping = {}
        for item in options["map"]:
            field, sep, column = item.partition("=")
            if not sep:
                raise CommandError(f"--map takes FIELD=COLUMN, not {item!r}")
            mapping[field.strip()] = column.strip()
        owner = self._owner(options["owner"]) if options["create_missing"] else None

        progress = ConsoleProgress(self.stderr._out, quiet=options["verbosity"] == 0)

        started = time.monotonic()
        try:
            result = import_orders(
                source=options["file"],
                mapping=mapping,
                dry_run=options["dry_run"],
                create_missing=options["create_missing"],
                owner=owner,
                date_format=options["date_format"],
                encoding=options["encoding"],
                payment_days=options["payment_days"],
                mark_paid=options["mark_paid"],
                progress=progress,
            )
        except (ImportFileError, FileNotFoundError) as error:
            raise CommandError(str(error)) from error
        finally:
            progress.close()
        self._report(result, options, time.monotonic() - started)

    def _report(self, result, options, elapsed: float) -> None:
        write = self.stdout.write
        if result.dry_run:
            write(self.style.WARNING("Dry run: nothing was written."))
        write(f"Rows read:          {result.rows:,}")
        write(f"Lines imported:     {result.lines_imported:,}")
        write(f"Orders created:     {result.orders_created:,}")
        write(f"Accounts created:   {result.accounts_created:,}")
        write(f"Products created:   {result.products_created:,}")
        write(f"Payments recorded:  {result.payments_created:,}")
        write(f"Net amount:         {result.net_amount:,}")
        write(f"Rows skipped:       {len(result.skipped):,}")
        for reason, label, count in result.skipped_by_reason:
            write(f"  {count:>9,}  {label}")
            shown = [skip for skip in result.skipped if skip.reason == reason][: options["show"]]
            for skip in shown:
                write(f"             line {skip.line}" + (f": {skip.value}" if skip.value else ""))
        if options["report"]:
            with open(options["report"], "w", newline="", encoding="utf-8") as report:
                writer = csv.writer(report)
                writer.writerow(["line", "reason", "value"])
                writer.writerows([skip.line, skip.label, skip.value] for skip in result.skipped)
            write(f"Skipped rows written to {options['report']}")
        write(f"Done in {elapsed:.1f} s ({result.rows / elapsed if elapsed else 0:,.0f} rows/s).")

    @staticmethod
    def _owner(username: str | None) -> User:
        if username:
            try:
                return User.objects.get(username=username)
            except User.DoesNotExist:
                raise CommandError(f"No user {username!r}.") from None
        owner = User.objects.filter(role=Role.ADMIN, is_active=True).order_by("pk").first()
        owner = owner or User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        if owner is None:
            raise CommandError("No administrator to own the created accounts: pass --owner USERNAME.")
        return owner
