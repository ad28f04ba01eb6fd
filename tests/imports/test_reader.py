"""The one reader: every format and encoding the importers take, every limit while streaming."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma

import openpyxl
import pytest

from imports.reader import ImportFileError, Limits, open_table

TEXT = "code,name\nK1,华东机械\nK2,Crème\n"
SMALL = Limits(file_bytes=10_000, data_bytes=10_000, rows=5, columns=4, cell_chars=20)
EXCEL = Limits(file_bytes=100_000, data_bytes=100_000, rows=5, columns=4, cell_chars=20)  # its XML parts


def read(data: bytes, name: str = "file.csv", limits: Limits = SMALL, **options):
    with open_table(io.BytesIO(data), name, limits=limits, **options) as table:
        return table.headers, list(table.rows)


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("utf-8", TEXT),
        ("utf-8-sig", TEXT),
        ("utf-16", TEXT),
        ("gb18030", TEXT),
        ("gbk", "code,name\nK1,华东机械\n"),
        ("cp1252", "code,name\nK2,Crème “brûlée”\n"),
    ],
)
def test_each_encoding_the_importers_take_is_detected(encoding, text):
    headers, rows = read(text.encode(encoding))
    assert headers == ["code", "name"]
    assert [cells for _line, cells in rows] == [line.split(",") for line in text.splitlines()[1:]]


@pytest.mark.parametrize(
    ("suffix", "compress"), [(".gz", gzip.compress), (".xz", lzma.compress), (".bz2", bz2.compress)]
)
def test_compressed_csv_is_unpacked_while_read(suffix, compress):
    assert read(compress(TEXT.encode()), "file.csv" + suffix)[1][0] == (2, ["K1", "华东机械"])


def test_semicolon_delimited_rows_keep_their_line_numbers_and_skip_empty_rows():
    headers, rows = read(b"code;name\n\nK1;A\n;\nK2;B\n")
    assert headers == ["code", "name"] and rows == [(3, ["K1", "A"]), (5, ["K2", "B"])]


def test_excel_is_read_from_its_first_sheet():
    book = openpyxl.Workbook()
    book.active.append(["code", "name"])
    book.active.append(["K1", 17850.0])
    content = io.BytesIO()
    book.save(content)
    assert read(content.getvalue(), "file.xlsx", EXCEL) == (["code", "name"], [(2, ["K1", 17850.0])])


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"x" * 10_001, "file.csv", "the largest file an import takes"),
        (gzip.compress(b"a,b\n" + b"1,2\n" * 5000), "file.csv.gz", "more than 9.8\xa0KB of data once unpacked"),
        (b"a,b\n" + b"1,2\n" * 6, "file.csv", "more than 5 rows"),
        (b"a,b,c,d,e\n1,2,3,4,5\n", "file.csv", "5 columns"),
        (b"a,b\n1,2,3,4,5\n", "file.csv", "5 columns"),
        (b"a,b\n" + b"x" * 21 + b",1\n", "file.csv", "more than 20 characters"),
        (b"a,b\n" + b"x" * 200 + b"\n", "file.csv", "Line 2 is longer than 92 characters"),
        (b"", "file.csv", "empty"),
        (b"\x00\x01\x02\x03" * 100, "file.csv", "not a CSV text file"),
        (b"PK\x03\x04 not really", "file.xlsx", "not an .xlsx file"),
        (b"a,b\n", "file.xls", "Old Excel files"),
        (b"\x1f\x8b\x08\x00broken", "file.csv.gz", "cannot be read"),
    ],
)
def test_a_file_over_a_limit_or_unreadable_is_refused_with_a_message(data, name, message):
    with pytest.raises(ImportFileError, match=message):
        read(data, name)


def test_an_excel_sheet_declaring_more_columns_than_the_limit_is_refused_before_its_rows_are_read():
    book = openpyxl.Workbook()
    book.active.append(["code"])
    book.active.cell(row=1, column=50, value="far")
    content = io.BytesIO()
    book.save(content)
    with pytest.raises(ImportFileError, match="50 columns"):
        read(content.getvalue(), "file.xlsx", EXCEL)


def test_a_wrong_encoding_given_by_hand_is_refused_with_a_message():
    with pytest.raises(ImportFileError, match="cannot be read as ascii"):
        read("code\nĲssel\n".encode(), encoding="ascii")
