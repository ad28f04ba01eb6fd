"""Which encoding a CSV file is in, decided from its first bytes.

Exports from Chinese and Western office software arrive as UTF-8 (with or without a BOM),
UTF-16 with a BOM (Excel's "Unicode text"), GB18030/GBK, or Windows-1252; a file that is
none of these is read as Latin-1, which decodes any byte.
"""

from __future__ import annotations

import codecs
import re

WIDE = re.compile(r"[^\x00-\x7f]")


def detect(head: bytes) -> tuple[str, str]:
    """(encoding, error handling) for a file that starts with ``head``."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", "strict"
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", "replace"
    if _decodes(head, "utf-8"):
        return "utf-8", "strict"
    # Western text often decodes as GB18030 too (“Crème” → “Cr鑝e”), but into rare
    # characters: a Chinese export is taken as such when its characters are common ones
    # (in GB2312), otherwise the Windows code page wins.
    if _decodes(head, "gb18030"):
        wide = WIDE.findall(codecs.getincrementaldecoder("gb18030")().decode(head))
        if sum(1 for char in wide if _in_gb2312(char)) >= 0.9 * len(wide):
            return "gb18030", "strict"
    if _decodes(head, "cp1252"):
        return "cp1252", "strict"
    return "latin-1", "strict"


def _decodes(head: bytes, encoding: str) -> bool:
    # Incremental and not final: ``head`` may end inside a character.
    try:
        codecs.getincrementaldecoder(encoding)().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True
