"""python manage.py import_accounts FILE [--map FIELD=COLUMN …] [--dry-run]

Imports accounts from a CSV (any common encoding, compressed or not) or Excel file, read by
the reader every import shares (``imports.reader``, with its limits): every row or none.
Each bad row is reported with its line number and reason, and nothing is written; a dry run
reports what would be created and updated without writing anything.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.import_rows import dataset_from_table
from accounts.importing import ACCOUNTS, IMPORT_FIELDS, import_accounts
from imports.console import ConsoleProgress
from imports.reader import ImportFileError, open_table


class Command(BaseCommand):
    help = "Import accounts from a CSV or Excel (.xlsx) file, matched by account code: all rows or none."

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help="a .csv (any common encoding, also .gz, .xz or .bz2) or .xlsx file with a header line"
        )
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
        progress = ConsoleProgress(self.stderr._out, quiet=options["verbosity"] == 0)
        try:
            with open_table(path) as table:
                mapping = {**ACCOUNTS.guess_mapping(table.headers), **mapping}
                dataset, lines = dataset_from_table(table, progress, columns=mapping.values())
            report = import_accounts(dataset=dataset, lines=lines, mapping=mapping, dry_run=dry_run, progress=progress)
        except ImportFileError as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        finally:
            progress.close()
        for line, reason in report.errors:
            self.stderr.write(f"line {line}: {reason}")
        summary = f"{report.created} to create, {report.updated} to update, {report.unchanged} unchanged"
        if not report.ok:
            raise CommandError(f"{len(report.errors)} error(s); nothing was imported.")
        if dry_run:
            self.stdout.write(f"Dry run: {summary}; nothing was written.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported: {summary}."))
