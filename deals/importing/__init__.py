"""Order import from a spreadsheet or an ERP export: read, map, check, then write in bulk.

The guarantees, for the command line and the browser alike:

- the file is read by the one reader every import uses (``imports.reader``): any common
  encoding, CSV or .xlsx, compressed or not, refused whole (``ImportFileError``) when it
  breaks a limit — before anything is written;
- every data row is either imported or reported as skipped, with its line number and a
  reason (``SkipReason``) — nothing accepted is lost;
- an order is imported whole or not at all: an order number that already exists for the
  account is skipped (with all its rows), so importing the same file twice adds nothing;
- the whole import is one transaction (all or nothing), serialised against other imports
  on PostgreSQL by an advisory lock;
- a dry run goes through the same checks and reports the same figures, and writes nothing;
- the work is set-based: a few queries to look codes up, bulk inserts for accounts and
  products, COPY for orders and lines (``deals.bulk``) — never one ``save()`` per row.

The modules, in the order an import runs through them: ``mapping`` (which column holds
which field), ``cells`` and ``rows`` (each row checked), ``plan`` (what the database
already holds, what to create), ``write`` (the bulk inserts).
"""

from imports.reader import ImportFileError

from .cells import DateParser, parse_code, parse_decimal
from .mapping import FIELDS, REQUIRED, guess_mapping, resolve_mapping
from .plan import import_orders, import_table
from .results import ImportResult, Skipped, SkipReason

__all__ = [
    "FIELDS",
    "REQUIRED",
    "DateParser",
    "ImportFileError",
    "ImportResult",
    "SkipReason",
    "Skipped",
    "guess_mapping",
    "import_orders",
    "import_table",
    "parse_code",
    "parse_decimal",
    "resolve_mapping",
]
