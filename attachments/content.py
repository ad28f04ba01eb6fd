"""What an uploaded document is, decided by its content, never by its name or the browser's word.

Binary formats are recognised by their magic bytes (``filetype``); Office documents are zip
files whose parts must also open as a zip. Plain text and CSV have no magic: they are text
when their opening bytes decode as UTF-8 without control characters. The name's extension
must then agree with the content, so a program renamed ``contract.pdf`` is refused.
"""

from __future__ import annotations

import os
import unicodedata
import zipfile

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

HEAD_BYTES = 8192
MAX_NAME_CHARS = 150
# The extensions each recognised content may carry.
EXTENSIONS = {
    "application/pdf": {"pdf"},
    "image/jpeg": {"jpg", "jpeg"},
    "image/png": {"png"},
    "image/webp": {"webp"},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {"docx"},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"xlsx"},
    "text/plain": {"txt"},
    "text/csv": {"csv"},
}
OFFICE_PART = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "word/document.xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xl/workbook.xml",
}
# Shown in the page itself rather than saved: pictures in an <img>, PDFs in the browser's viewer.
PREVIEWABLE = {"application/pdf", "image/jpeg", "image/png", "image/webp"}


def safe_name(name: str) -> str:
    """The upload's name reduced to its last path part and to characters safe in a header."""
    if any(unicodedata.category(char) == "Cc" for char in name):
        raise ValidationError(_("The file name contains characters that are not allowed."), code="name")
    base = os.path.basename(name.replace("\\", "/")).strip()
    stem, dot, extension = base.rpartition(".")
    if not dot:
        stem, extension = base, ""
    cleaned = get_valid_filename(f"{stem[:MAX_NAME_CHARS]}.{extension[:10]}" if dot else stem[:MAX_NAME_CHARS])
    if not cleaned.strip("._"):
        raise ValidationError(_("The file needs a name."), code="name")
    return cleaned


def _is_text(head: bytes) -> bool:
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the opening bytes is still text.
        if error.start < len(head) - 3:
            return False
        text = head[: error.start].decode("utf-8")
    return not any(unicodedata.category(char) == "Cc" and char not in "\t\r\n" for char in text)


def _detect(upload, extension: str) -> str | None:
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is not None:
        mime = kind.mime
        if mime in OFFICE_PART:
            try:
                with zipfile.ZipFile(upload) as archive:
                    mime = mime if OFFICE_PART[mime] in archive.namelist() else None
            except zipfile.BadZipFile:
                mime = None
            upload.seek(0)
        return mime
    if head and _is_text(head):
        return "text/csv" if extension == "csv" else "text/plain"
    return None


def check_upload(upload) -> tuple[str, str]:
    """The upload's safe name and its content type, or a ValidationError saying what is wrong."""
    name = safe_name(upload.name or "")
    if upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(limit)s MB.") % {"limit": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)},
            code="size",
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    mime = _detect(upload, extension)
    if mime is None or mime not in settings.ATTACHMENT_TYPES:
        raise ValidationError(
            _("This kind of file cannot be attached: PDF, JPEG, PNG, WebP, Word, Excel, text or CSV only."),
            code="type",
        )
    if extension not in EXTENSIONS.get(mime, ()):
        raise ValidationError(
            _("The file's content does not match its name (.%(extension)s).") % {"extension": extension},
            code="mismatch",
        )
    return name, mime
