"""One reader for every import file: CSV (optionally .gz, .xz or .bz2) or Excel (.xlsx).

What it guarantees to every importer (accounts, contacts, orders; pages and commands alike):

- a file that cannot be used is refused with ``ImportFileError``, whose message says why in
  the user's language — never with another exception;
- the limits (``Limits``, from the ``IMPORT_*`` settings) hold while the file is read, so a
  hostile file costs no more time or memory than its limits allow: the file's size is
  checked before reading; a compressed CSV is cut off once it has given ``data_bytes``; an
  .xlsx is refused from its zip directory (the sizes it declares, which ``zipfile`` then
  holds it to) before anything is inflated; lines, rows, columns and cells are counted as
  they come;
- rows come one at a time, never the whole file in memory.
"""

from __future__ import annotations

import bz2
import codecs
import csv
import gzip
import io
import lzma
import os
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from . import encodings
from .exports import QUOTE, restore

SAMPLE_BYTES = 1024 * 1024  # the encoding and the delimiter are decided from this much
SHARED_CHARS = 40  # cells up to this long are shared between rows (see _csv_rows)
DECOMPRESSORS = {".gz": gzip.open, ".xz": lzma.open, ".bz2": bz2.open}  # each streams from a file
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
STREAM_ERRORS = (OSError, EOFError, lzma.LZMAError, zlib.error, csv.Error, UnicodeDecodeError)


class ImportFileError(Exception):
    """The file as a whole cannot be imported: unreadable, over a limit, or unusable."""


@dataclass(frozen=True)
class Limits:
    """How much of a file an import reads before refusing it (see the README's settings)."""

    file_bytes: int  # the file as uploaded
    data_bytes: int  # after decompression: the CSV text, or the sum of an .xlsx's parts
    rows: int
    columns: int
    cell_chars: int

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            file_bytes=settings.IMPORT_MAX_FILE_BYTES,
            data_bytes=settings.IMPORT_MAX_DATA_BYTES,
            rows=settings.IMPORT_MAX_ROWS,
            columns=settings.IMPORT_MAX_COLUMNS,
            cell_chars=settings.IMPORT_MAX_CELL_CHARS,
        )

    @property
    def line_chars(self) -> int:
        """The longest physical line a CSV may hold: every column at its longest, quoted."""
        return self.columns * (self.cell_chars + 3)


@dataclass
class Table:
    """A file's headers and its non-empty rows as (line number, cells), read lazily."""

    headers: list[str]
    rows: Iterator[tuple[int, list]]
    source: io.IOBase | None = None  # the file ``open_table`` opened, closed with the table

    def close(self) -> None:
        self.rows.close()
        if self.source is not None:
            self.source.close()

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def open_table(
    source: str | Path | io.IOBase, name: str | None = None, *, encoding: str | None = None, limits=None
) -> Table:
    """The table in ``source`` (a path or a binary file), its format told by ``name``.

    ``.xlsx``/``.xlsm`` is Excel (its first sheet); anything else is CSV, decompressed first
    when it ends in ``.gz``, ``.xz`` or ``.bz2``. The CSV's encoding is detected unless
    ``encoding`` is given, and so is its delimiter (comma, semicolon, tab, pipe). A path is
    closed with the table; a file passed in is left open.
    """
    limits = limits or Limits.from_settings()
    name = (name or str(source)).lower()
    if name.endswith(".xls"):
        raise ImportFileError(_("Old Excel files (.xls) cannot be read: save the file as .xlsx or CSV."))
    owned = isinstance(source, str | Path)
    raw = open(source, "rb") if owned else source  # noqa: SIM115 — closed with the rows
    try:
        _check_size(raw, limits)
        if name.endswith((".xlsx", ".xlsm")):
            headers, rows = _open_excel(raw, limits)
        else:
            headers, rows = _open_csv(raw, name, encoding, limits)
    except BaseException:
        if owned:
            raw.close()
        raise
    return Table(headers, rows, raw if owned else None)


def _check_size(raw, limits: Limits) -> None:
    raw.seek(0, os.SEEK_END)
    size = raw.tell()
    raw.seek(0)
    if size > limits.file_bytes:
        raise ImportFileError(
            _("The file is %(size)s; the largest file an import takes is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limits.file_bytes)}
        )
    if size == 0:
        raise ImportFileError(_("The file is empty."))


# --- CSV ---------------------------------------------------------------------------------


class _Budgeted(io.RawIOBase):
    """A stream that refuses to give more than ``budget`` bytes: a decompression bomb stops here."""

    def __init__(self, stream, budget: int):
        self.stream = stream
        self.budget = budget
        self.given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.stream.read(len(buffer))
        self.given += len(data)
        if self.given > self.budget:
            raise ImportFileError(
                _("The file holds more than %(limit)s of data once unpacked; the limit is there to keep the server up.")
                % {"limit": filesizeformat(self.budget)}
            )
        buffer[: len(data)] = data
        return len(data)


def _open_csv(raw, name: str, encoding: str | None, limits: Limits) -> tuple[list[str], Iterator]:
    decompressor = DECOMPRESSORS.get(Path(name).suffix)
    stream = decompressor(raw, "rb") if decompressor else raw
    buffered = io.BufferedReader(_Budgeted(stream, limits.data_bytes), buffer_size=SAMPLE_BYTES)
    try:
        head = buffered.peek(SAMPLE_BYTES)[:SAMPLE_BYTES]
        chosen, errors = (encoding, "strict") if encoding else encodings.detect(head)
        text = io.TextIOWrapper(buffered, encoding=chosen, errors=errors, newline="")
        sample = _sample(head, chosen)
    except LookupError:
        raise ImportFileError(_("Unknown encoding “%(encoding)s”.") % {"encoding": encoding}) from None
    except STREAM_ERRORS as error:
        raise _unreadable(error) from error
    # Text exports may hold a stray control character; binary data is full of them.
    if "\x00" in sample or len(CONTROL.findall(sample)) > len(sample) // 100:
        raise ImportFileError(_("This is not a CSV text file (it holds binary data). Save it as CSV or .xlsx."))
    reader = csv.reader(_lines(text, limits), delimiter=_delimiter(sample))
    rows = _csv_rows(reader, limits, chosen)
    try:
        headers = next(rows)
    except StopIteration:
        raise ImportFileError(_("The file is empty.")) from None
    return [header.strip() for header in headers], rows


def _sample(head: bytes, encoding: str) -> str:
    return codecs.getincrementaldecoder(encoding)(errors="replace").decode(head, final=False)


def _delimiter(sample: str) -> str:
    try:
        return csv.Sniffer().sniff(sample.split("\n", 1)[0], delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def _lines(text: io.TextIOWrapper, limits: Limits) -> Iterator[str]:
    """Physical lines, none longer than the limit (``readline`` never reads past it)."""
    longest = limits.line_chars
    number = 0
    while line := text.readline(longest + 1):
        number += 1
        if len(line) > longest:
            raise ImportFileError(
                _("Line %(line)s is longer than %(limit)s characters.") % {"line": number, "limit": longest}
            )
        yield line


def _csv_rows(reader, limits: Limits, encoding: str) -> Iterator:
    """The header row first, then (line, cells) of each non-empty row, each checked.

    Codes, dates and amounts repeat from row to row: each short value is kept once and
    shared, so the rows an importer holds cost memory per row, not per cell.
    """
    shared: dict[str, str] = {}
    try:
        headers = next(reader, None)
        if headers is None:
            return
        _check_row(headers, 1, limits)
        yield headers
        for count, cells in enumerate(reader, start=1):
            if count > limits.rows:
                raise _too_many_rows(limits)
            _check_row(cells, reader.line_num, limits)
            if any(cells):
                yield (
                    reader.line_num,
                    [_cell(cell, shared) for cell in cells],
                )
    except UnicodeDecodeError as error:
        # Text is decoded a block ahead of the rows, so no line number would be exact.
        raise ImportFileError(
            _("The file cannot be read as %(encoding)s: save it as UTF-8, or say its encoding.")
            % {"encoding": encoding}
        ) from error
    except STREAM_ERRORS as error:
        raise _unreadable(error) from error


def _cell(cell: str, shared: dict[str, str]) -> str:
    if cell.startswith(QUOTE):  # an exported formula-like cell (imports.exports)
        cell = restore(cell)
    return shared.setdefault(cell, cell) if len(cell) <= SHARED_CHARS else cell


# --- Excel -------------------------------------------------------------------------------


def _open_excel(raw, limits: Limits) -> tuple[list[str], Iterator]:
    from openpyxl import load_workbook

    _check_zip(raw, limits)
    try:
        workbook = load_workbook(raw, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise ImportFileError(_("The Excel file cannot be read: %(error)s") % {"error": error}) from error
    # The sheet's declared size pads every row to its width: refuse a huge one before reading.
    if (sheet.max_column or 0) > limits.columns:
        workbook.close()
        raise _too_many_columns(sheet.max_column, limits)
    if (sheet.max_row or 0) > limits.rows + 1:
        workbook.close()
        raise _too_many_rows(limits)
    rows = _excel_rows(workbook, sheet, limits)
    try:
        headers = next(rows)
    except StopIteration:
        raise ImportFileError(_("The file is empty.")) from None
    return ["" if cell is None else str(cell).strip() for cell in headers], rows


def _check_zip(raw, limits: Limits) -> None:
    try:
        with zipfile.ZipFile(raw) as archive:
            declared = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise ImportFileError(_("The Excel file cannot be read: it is not an .xlsx file.")) from error
    finally:
        raw.seek(0)
    if declared > limits.data_bytes:
        raise ImportFileError(
            _("The Excel file unpacks to %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(declared), "limit": filesizeformat(limits.data_bytes)}
        )


def _excel_rows(workbook, sheet, limits: Limits) -> Iterator:
    try:
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > limits.rows + 1:
                raise _too_many_rows(limits)
            _check_row(cells, number, limits)
            if number == 1:
                yield cells
            elif any(cell not in (None, "") for cell in cells):
                yield number, [restore(cell) for cell in cells]
    except ImportFileError:
        raise
    except Exception as error:  # openpyxl again, on a damaged sheet
        raise ImportFileError(_("The Excel file cannot be read: %(error)s") % {"error": error}) from error
    finally:
        workbook.close()


# --- Limits ------------------------------------------------------------------------------


def _check_row(cells, line: int, limits: Limits) -> None:
    if len(cells) > limits.columns:
        raise _too_many_columns(len(cells), limits)
    for cell in cells:
        if isinstance(cell, str) and len(cell) > limits.cell_chars:
            raise ImportFileError(
                _("A cell on line %(line)s holds more than %(limit)s characters.")
                % {"line": line, "limit": limits.cell_chars}
            )


def _too_many_columns(count: int, limits: Limits) -> ImportFileError:
    return ImportFileError(
        _("The file has %(count)s columns; an import takes at most %(limit)s.")
        % {"count": count, "limit": limits.columns}
    )


def _too_many_rows(limits: Limits) -> ImportFileError:
    return ImportFileError(_("The file has more than %(limit)s rows.") % {"limit": limits.rows})


def _unreadable(error: Exception) -> ImportFileError:
    return ImportFileError(_("The file cannot be read: %(error)s") % {"error": error})
