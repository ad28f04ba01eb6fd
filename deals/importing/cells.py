"""One cell of an order file as a code, a number or a date; None when it cannot be read."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y", "%d/%m/%Y", "%m/%d/%Y", "%Y%m%d")


def parse_code(value) -> str:
    """A code as text; a number written as a float by a spreadsheet (17850.0) loses its .0."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    text = str(value).strip()
    if text.endswith(".0") and text[:-2].isdigit():
        return text[:-2]
    return text


def parse_decimal(value, limit: Decimal) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        number = Decimal(str(value))
    else:
        text = str(value).strip().replace("\u00a0", "").replace(" ", "")
        if not text:
            return None
        if "," in text:
            # 1,234.50 (thousands) or 1234,50 / 1.234,50 (decimal comma)
            text = text.replace(",", "") if "." in text and text.rfind(".") > text.rfind(",") else text
            if "," in text:
                text = text.replace(".", "").replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None
    if not number.is_finite() or abs(number) >= limit:
        return None
    return number


class DateParser:
    """Dates from cells: date objects, ISO text, or the formats in ``DATE_FORMATS``; memoised."""

    def __init__(self, date_format: str | None = None):
        self.formats = (date_format,) if date_format else DATE_FORMATS
        self.cache: dict[str, datetime.date | None] = {}

    def __call__(self, value) -> datetime.date | None:
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if value is None:
            return None
        text = str(value).strip()
        try:
            return self.cache[text]
        except KeyError:
            parsed = self.cache[text] = self._parse(text)
            return parsed

    def _parse(self, text: str) -> datetime.date | None:
        day = text.split(" ", 1)[0].split("T", 1)[0]
        for date_format in self.formats:
            try:
                return datetime.datetime.strptime(day, date_format).date()
            except ValueError:
                continue
        return None
