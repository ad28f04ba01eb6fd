"""python manage.py import_accounts FILE [--map FIELD=COLUMN …] [--dry-run]

Imports accounts from a CSV or Excel file: every row or none. Each bad row is reported with
its line number and reason, and nothing is written; a dry run reports what would be
created and updated without writing anything.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.importing import IMPORT_FIELDS, guess_mapping, import_accounts, read_dataset


class Command(BaseCommand):
    help = "Import accounts from a CSV or Excel (.xlsx) file, matched by account code: all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .csv (UTF-8) or .xlsx file with a header line")
        parser.add_argument(
            "--map",
            action="extend",
            nargs="+",
            default=[],
            metavar="FIELD=COLUMN",
            help=f"read FIELD from the file's COLUMN; fields: {', '.join(IMPORT_FIELDS)}",
        )
        parser.add_argument("--dry-run", action="store_true", help="check every row, write nothing")

    def handle(self, *args, file: str, map: list[str], dry_run: bool, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        mapping = {}
        for item in map:
            name, sep, column = item.partition("=")
            if not sep or name not in IMPORT_FIELDS:
                raise CommandError(f"--map expects FIELD=COLUMN with FIELD one of {', '.join(IMPORT_FIELDS)}: {item}")
            mapping[name] = column
        try:
            dataset = read_dataset(path.read_bytes(), path.name)
        except Exception as error:  # tablib raises several kinds for a file it cannot read
            raise CommandError(f"Cannot read {file}: {error}") from error
        mapping = {**guess_mapping(dataset.headers), **mapping}
        report = import_accounts(dataset=dataset, mapping=mapping, dry_run=dry_run)
        for line, reason in report.errors:
            self.stderr.write(f"line {line}: {reason}")
        summary = f"{report.created} to create, {report.updated} to update, {report.unchanged} unchanged"
        if not report.ok:
            raise CommandError(f"{len(report.errors)} error(s); nothing was imported.")
        if dry_run:
            self.stdout.write(f"Dry run: {summary}; nothing was written.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported: {summary}."))
