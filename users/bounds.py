"""The bounds every value from outside must fit, stated once.

Pages, forms and (through model validators) imports parse what a user sends with these, so
a value the database or the date arithmetic cannot hold is refused with a message in the
user's language instead of failing deep inside a query:

- text: no NUL and no control characters other than tab and line breaks (PostgreSQL refuses
  NUL in any text; the others are never typed and break CSV, e-mail headers and terminals);
  refused for the whole request by ``users.middleware.RefuseControlCharactersMiddleware``;
- dates: from 1 January 1900 to 31 December 2200 (``DATE_MIN`` .. ``DATE_MAX``), far enough
  from the calendar's ends that adding a due term, a cadence or a month never overflows;
- integers: what their column holds (Django's model validators), and a primary key picked in
  a form at most a 64-bit integer (SQLite raises on more instead of finding nothing);
- page numbers: 1 .. ``MAX_PAGE``, and past the last page the last page is shown;
- quantities, prices, costs, line amounts and payment terms: see "Amounts" below.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

DATE_MIN = datetime.date(1900, 1, 1)
DATE_MAX = datetime.date(2200, 12, 31)
BIGINT_MAX = 2**63 - 1
MAX_PAGE = 100_000

# --- Amounts --------------------------------------------------------------------------------
# Sized to the columns and to every sum built on them. Money columns are numeric(16, 2)
# (< 10^14); a scoring run's measure per account and its total are numeric(20, 4) (< 10^16).
# A line is at most 10^7 units at 10^7 each and at most 10^10 in amount, so
# - an order (100 lines in the form, at most 1 000 from an import) stays under 10^13 < 10^14;
# - an account's sales over years (realistically at most 100 000 lines) stay under 10^15, and
#   the run's total reaches 10^16 only past a million lines at the largest amount allowed.
# One line of 99,999,999,999.999 × 9,999,999,999.9999 (10^21) used to be accepted and made
# every scoring run fail with "numeric field overflow".
MAX_QUANTITY = Decimal("10000000")
MAX_UNIT_AMOUNT = Decimal("10000000")  # unit price and unit cost
MAX_LINE_AMOUNT = Decimal("10000000000")
# Payment terms are a smallint column; ten years is past any real agreement and keeps
# "order date + terms" far inside the date range above.
MAX_TERMS_DAYS = 3650


def within(limit: Decimal | int) -> list:
    """Validators for a value between -limit and limit (quantities are negative on a return)."""
    return [MinValueValidator(-limit), MaxValueValidator(limit)]


def validate_line_amount(quantity: Decimal | None, unit_price: Decimal | None) -> None:
    if quantity is not None and unit_price is not None and abs(quantity * unit_price) > MAX_LINE_AMOUNT:
        raise ValidationError(
            _("A line's amount (quantity × unit price) is at most %(max)s."),
            code="line_amount",
            params={"max": f"{MAX_LINE_AMOUNT:,}"},
        )


# C0 controls and DEL, except tab, line feed and carriage return.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control_characters(value: str) -> bool:
    return CONTROL_CHARACTERS.search(value) is not None


class DateRangeValidator:
    """A date between DATE_MIN and DATE_MAX (also used on model fields, so imports get it)."""

    def __call__(self, value: datetime.date) -> None:
        MinValueValidator(DATE_MIN, message=self.message())(value)
        MaxValueValidator(DATE_MAX, message=self.message())(value)

    @staticmethod
    def message():
        return _("Enter a date between %(min)s and %(max)s.") % {"min": DATE_MIN, "max": DATE_MAX}

    def __eq__(self, other) -> bool:
        return isinstance(other, DateRangeValidator)

    def deconstruct(self):
        return ("users.bounds.DateRangeValidator", (), {})


validate_date_range = DateRangeValidator()


class DateField(forms.DateField):
    """A form date within the range above."""

    default_validators = [validate_date_range]


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Picks by primary key, refusing a key no column can hold before it reaches a query."""

    def clean(self, value):
        if self.to_field_name is None:
            for key in value or ():
                if _integer_beyond(key, BIGINT_MAX):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": key}
                    )
        return super().clean(value)


def _integer_beyond(value, limit: int) -> bool:
    try:
        return abs(int(value)) > limit
    except (TypeError, ValueError):
        return False  # not an integer at all: the field's own check refuses it


def formfield(db_field: models.Field, **kwargs) -> forms.Field | None:
    """A ModelForm's ``formfield_callback``: model dates become bounded form dates."""
    if isinstance(db_field, models.DateField) and not isinstance(db_field, models.DateTimeField):
        kwargs.setdefault("form_class", DateField)
    return db_field.formfield(**kwargs)


def page_number(value: str | None) -> int:
    """A requested page as 1 .. MAX_PAGE; anything else is page 1."""
    try:
        return min(max(1, int(value or 1)), MAX_PAGE)
    except (TypeError, ValueError):
        return 1
