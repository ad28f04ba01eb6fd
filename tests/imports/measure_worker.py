"""Run in a subprocess by the hostile-file tests: read each file as the import worker does
(the account import's dataset, the order import's rows) and report, as JSON, what the reader
said of each and the process's peak memory (``ru_maxrss``). No database is needed: a file
is refused while it is read, before the importers touch the database.

    python -m tests.imports.measure_worker FILE …
"""

from __future__ import annotations

import json
import os
import resource
import sys


def main(paths: list[str]) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    import django

    django.setup()
    from accounts.importing import ACCOUNTS, dataset_from_table
    from deals.importing import DateParser, ImportResult, resolve_mapping
    from deals.importing.rows import parse_rows
    from imports.reader import ImportFileError, open_table

    def as_accounts(path: str) -> None:
        with open_table(path) as table:
            dataset_from_table(table, columns=ACCOUNTS.guess_mapping(table.headers).values())

    def as_orders(path: str) -> None:
        with open_table(path) as table:
            columns = resolve_mapping(table.headers)
            parse_rows(table.rows, columns, DateParser(), ImportResult(), lambda *args: None)

    outcome = {}
    for path in paths:
        for name, read in (("accounts", as_accounts), ("orders", as_orders)):
            try:
                read(path)
            except ImportFileError as error:
                outcome[f"{os.path.basename(path)} as {name}"] = str(error)
            else:
                outcome[f"{os.path.basename(path)} as {name}"] = None
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    return {"refused": outcome, "peak_mb": peak_kb / 1024}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:])))
