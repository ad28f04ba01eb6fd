"""Hostile import files, written once per test session (the bombs take seconds to pack)."""

from __future__ import annotations

import gzip
import io
import os
import zipfile
from pathlib import Path

import openpyxl

# One header every importer recognises: account, contact and order columns side by side.
HEADER = b"code,name,owner,account_code,order_number,order_date,product_code,quantity,unit_price\n"
ROW = b"K1,Alpha,rep,K1,536365,2010-12-01,85123A,6,2.55\n"
MB = 1024 * 1024


def gzip_bomb(path: Path, *, unpacked: int = 1024 * MB) -> Path:
    """A few MB of .csv.gz holding ``unpacked`` bytes of valid-looking rows."""
    chunk = ROW * (MB // len(ROW))
    with gzip.open(path, "wb", compresslevel=9) as bomb:
        bomb.write(HEADER)
        for _ in range(unpacked // len(chunk)):
            bomb.write(chunk)
    return path


def xlsx_bomb(path: Path, *, unpacked: int = 98 * MB) -> Path:
    """A real workbook whose first sheet is replaced by ``unpacked`` bytes of XML rows."""
    book = openpyxl.Workbook()
    book.active.append(["code", "name", "owner"])
    template = io.BytesIO()
    book.save(template)
    row = b'<row><c t="inlineStr"><is><t>K1</t></is></c><c t="inlineStr"><is><t>Alpha</t></is></c></row>'
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb:
        for item in source.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                bomb.writestr(item, source.read(item))
                continue
            with bomb.open(item.filename, "w", force_zip64=True) as sheet:
                sheet.write(
                    b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                    b'spreadsheetml/2006/main"><sheetData>'
                )
                chunk = row * (MB // len(row))
                for _ in range(unpacked // len(chunk)):
                    sheet.write(chunk)
                sheet.write(b"</sheetData></worksheet>")
    return path


def wide_csv(path: Path, *, columns: int = 20_000) -> Path:
    path.write_bytes(b",".join(b"c%d" % number for number in range(columns)) + b"\n" + b"1," * columns + b"\n")
    return path


def big_csv(path: Path, *, size: int = 50 * MB) -> Path:
    """A plain CSV of ``size`` bytes of valid rows."""
    with path.open("wb") as big:
        big.write(HEADER)
        chunk = ROW * (MB // len(ROW))
        for _ in range(size // len(chunk) + 1):
            big.write(chunk)
    return path


def junk(path: Path) -> Path:
    path.write_bytes(os.urandom(256 * 1024))
    return path


def write_all(folder: Path) -> dict[str, Path]:
    """Every hostile file by a short name; the name's suffix tells the reader its format."""
    folder.mkdir(parents=True, exist_ok=True)
    return {
        "xlsx_bomb": xlsx_bomb(folder / "bomb.xlsx"),
        "gzip_bomb": gzip_bomb(folder / "bomb.csv.gz"),
        "wide": wide_csv(folder / "wide.csv"),
        "big": big_csv(folder / "big.csv"),
        "junk": junk(folder / "junk.csv"),
    }
