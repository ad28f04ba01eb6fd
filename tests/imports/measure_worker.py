"""Run in a subprocess by the hostile-file tests: read each file as the import worker does
(the account import's dataset, the order import's rows) and report, as JSON, what the reader
said of each and the process's peak resident memory. No database is needed: a file is
refused while it is read, before the importers touch the database.

    python -m tests.imports.measure_worker FILE …
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

STATUS = Path("/proc/self/status")


def reset_peak() -> None:
    # The kernel's high-water mark survives exec, so it would count the parent's memory at
    # the fork (a whole test session's): start it afresh (Linux: "5" to clear_refs).
    Path("/proc/self/clear_refs").write_text("5")


def peak_mb() -> float:
    line = next(line for line in STATUS.read_text().splitlines() if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024  # kB


def main(paths: list[str]) -> dict:
    reset_peak()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    import django

    django.setup()
    from accounts.import_rows import dataset_from_table, guess_mapping
    from accounts.importing import ACCOUNTS
    from deals.importing import DateParser, ImportResult, resolve_mapping
    from deals.importing.rows import parse_rows
    from imports.reader import ImportFileError, open_table

    def as_accounts(path: str) -> None:
        with open_table(path) as table:
            # The model's own columns: the custom fields' are rows of the database, which this
            # process has none of.
            mapping = guess_mapping(table.headers, model=ACCOUNTS.model, field_names=ACCOUNTS.field_names)
            dataset_from_table(table, columns=mapping.values())

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
    return {"refused": outcome, "peak_mb": peak_mb()}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:])))
