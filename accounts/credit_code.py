"""The unified social credit code (统一社会信用代码) of a Chinese organisation, GB 32100-2015.

Eighteen characters from :data:`CHARSET` (the digits and the capitals without I, O, Z, S
and V): registration authority, organisation type, the six-digit region, the nine-character
organisation code, and a check character. The check character is the standard's
modulo-31 check over the first seventeen: weight ``3^i mod 31`` for position ``i``,
check value ``31 - (sum mod 31)``, where 31 is written as 0.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
LENGTH = 18
WEIGHTS = tuple(pow(3, i, 31) for i in range(LENGTH - 1))  # 1, 3, 9, 27, 19, 26, 16, …


def check_character(first_seventeen: str) -> str:
    """The check character of the seventeen characters before it."""
    total = sum(CHARSET.index(char) * weight for char, weight in zip(first_seventeen, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def normalise_credit_code(value: str) -> str:
    """Upper case without spaces: how the code is written on the business licence."""
    return "".join(str(value or "").split()).upper()


def is_valid_credit_code(value: str) -> bool:
    code = normalise_credit_code(value)
    if len(code) != LENGTH or any(char not in CHARSET for char in code):
        return False
    return check_character(code[:-1]) == code[-1]


def validate_credit_code(value: str) -> None:
    if not is_valid_credit_code(value):
        raise ValidationError(
            _("Not a valid unified social credit code: 18 characters whose last one is the check character."),
            code="invalid_credit_code",
        )
