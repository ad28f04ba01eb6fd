"""Likely duplicates of an account: the same company typed another way.

Two accounts are likely the same company when any of these agree (and is not empty):

- the **name key**: the name in NFKC (full-width letters and punctuation folded), case-folded,
  without spaces or punctuation, and without the legal-form suffixes companies are written
  with or without ("有限公司", "股份有限公司", "Co., Ltd.", "Inc." …), so "Collier-Lee" and
  "collier lee co., ltd." agree;
- the **phone key**: the phone's digits without the country code 86 or a trunk 0 in front;
- the e-mail address, case-insensitively;
- the unified social credit code (unique anyway: the database refuses a second one).

The two keys are stored on the account (``name_key``, ``phone_key``, indexed) by every
service that writes a name or a phone (:func:`match_keys`), so a check is one indexed query,
also against 50 000 accounts.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.db.models.functions import Lower

# Longest first: "股份有限公司" before "有限公司" before "公司". Written as name_key leaves them
# (no spaces or punctuation, case-folded).
LEGAL_SUFFIXES = (
    "股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "总公司", "分公司", "公司",
    "companylimited", "corporation", "incorporated", "limited", "coltd", "colimited", "company", "corp", "gmbh",
    "llc", "ltd", "inc", "plc",
)  # fmt: skip
_NOT_WORD = re.compile(r"[\W_]+")
_NOT_DIGIT = re.compile(r"\D+")
MIN_PHONE_DIGITS = 6  # fewer is an extension or a typo, not a number worth matching


def name_key(name: str) -> str:
    key = _NOT_WORD.sub("", unicodedata.normalize("NFKC", str(name or "")).casefold())
    stripped = True
    while stripped:
        stripped = False
        for suffix in LEGAL_SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix):
                key = key[: -len(suffix)]
                stripped = True
                break
    return key


def phone_key(phone: str) -> str:
    digits = _NOT_DIGIT.sub("", unicodedata.normalize("NFKC", str(phone or "")))
    if digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) > 11:
        digits = digits[2:]
    digits = digits.lstrip("0")
    return digits if len(digits) >= MIN_PHONE_DIGITS else ""


def match_keys(*, name: str, phone: str) -> dict[str, str]:
    """The stored keys for an account with this name and phone (the fields to write)."""
    return {"name_key": name_key(name), "phone_key": phone_key(phone)}


@dataclass(frozen=True)
class Candidate:
    """What a new or imported account is: the values compared."""

    name: str = ""
    phone: str = ""
    email: str = ""
    credit_code: str = ""

    def rule(self) -> Q | None:
        rule = Q()
        keys = match_keys(name=self.name, phone=self.phone)
        for field, value in (*keys.items(), ("email_lower", (self.email or "").strip().lower())):
            if value:
                rule |= Q(**{field: value})
        if self.credit_code:
            rule |= Q(credit_code=self.credit_code)
        return rule or None

    def reasons(self, account) -> list[str]:
        """Which of the values ``account`` shares (the names the page shows)."""
        keys = match_keys(name=self.name, phone=self.phone)
        found = []
        if keys["name_key"] and account.name_key == keys["name_key"]:
            found.append("name")
        if keys["phone_key"] and account.phone_key == keys["phone_key"]:
            found.append("phone")
        if self.email and account.email.lower() == self.email.strip().lower():
            found.append("email")
        if self.credit_code and account.credit_code == self.credit_code:
            found.append("credit_code")
        return found


def likely_duplicates(candidates: Iterable[Candidate], *, exclude_codes: Iterable[str] = (), limit: int = 1000):
    """The accounts sharing a key with any of ``candidates`` (one query), except those whose
    codes are in ``exclude_codes`` (the rows themselves, when a file updates them)."""
    from .models import Account

    rule = Q()
    for candidate in candidates:
        rule |= candidate.rule() or Q(pk__in=[])
    if not rule:
        return []
    accounts = (
        Account.objects.annotate(email_lower=Lower("email"))
        .filter(rule)
        .exclude(code__in=list(exclude_codes))
        .only("pk", "code", "name", "email", "credit_code", "name_key", "phone_key", "owner_id")
        .order_by("name", "code")
    )
    return list(accounts[:limit])


@dataclass(frozen=True)
class DuplicateWarning:
    """Likely duplicates of one candidate: those ``user`` may see (with why), and how many
    others they may not (named by no more than their number, so existence leaks no detail)."""

    visible: list[tuple[object, list[str]]]
    hidden: int

    def __bool__(self) -> bool:
        return bool(self.visible) or self.hidden > 0

    @property
    def fingerprint(self) -> str:
        """Changes when the duplicates do: a confirmation holds for the ones shown."""
        return f"{','.join(str(account.pk) for account, _reasons in self.visible)}+{self.hidden}"


SHOWN = 20


def duplicate_warning(*, user, candidate: Candidate, exclude_codes: Iterable[str] = ()) -> DuplicateWarning:
    """The likely duplicates of ``candidate`` as ``user`` may be told of them (two queries)."""
    from .models import Account

    found = likely_duplicates([candidate], exclude_codes=exclude_codes, limit=SHOWN)
    seen = set(
        Account.objects.visible_to(user).filter(pk__in=[account.pk for account in found]).values_list("pk", flat=True)
    )
    visible = [(account, candidate.reasons(account)) for account in found if account.pk in seen]
    return DuplicateWarning(visible=visible, hidden=len(found) - len(visible))


CHUNK = 1000  # values per IN (…) lookup


def import_warnings(rows: list[tuple[int, str, Candidate]], *, user) -> list[tuple[int, str]]:
    """Warnings for the rows of an account file (``(line, code, candidate)``) that look like
    an account already there under another code, or like another row of the file: one query
    per key and thousand values, whatever the number of rows. ``user`` None is the operator."""
    from django.utils.translation import gettext as _

    from .models import Account

    keyed = [
        (line, code, candidate, match_keys(name=candidate.name, phone=candidate.phone))
        for line, code, candidate in rows
    ]
    wanted = {
        "name_key": {keys["name_key"] for *_rest, keys in keyed} - {""},
        "phone_key": {keys["phone_key"] for *_rest, keys in keyed} - {""},
        "email_lower": {(c.email or "").strip().lower() for _l, _c, c, _k in keyed} - {""},
        "credit_code": {c.credit_code for _l, _c, c, _k in keyed} - {""},
    }
    existing: dict[tuple[str, str], set[str]] = {}
    visible = Account.objects.visible_to(user) if user is not None else Account.objects.all()
    for field, values in wanted.items():
        values = sorted(values)
        for start in range(0, len(values), CHUNK):
            found = (
                Account.objects.annotate(email_lower=Lower("email"))
                .filter(**{f"{field}__in": values[start : start + CHUNK]})
                .values_list(field, "code", "pk")
            )
            for value, code, pk in found:
                existing.setdefault((field, value), set()).add((code, pk))
    seen_pks = {pk for matches in existing.values() for _code, pk in matches}
    shown = set(visible.filter(pk__in=seen_pks).values_list("pk", flat=True)) if seen_pks else set()
    first_line: dict[tuple[str, str], int] = {}
    warnings = []
    for line, code, candidate, keys in keyed:
        values = {**keys, "email_lower": (candidate.email or "").strip().lower(), "credit_code": candidate.credit_code}
        others, hidden, in_file = set(), False, set()
        for field, value in values.items():
            if not value:
                continue
            for other_code, pk in existing.get((field, value), ()):
                if other_code != code:
                    if pk in shown:
                        others.add(other_code)
                    else:
                        hidden = True
            earlier = first_line.setdefault((field, value), line)
            if earlier != line:
                in_file.add(earlier)
        if others:
            warnings.append(
                (line, _("Looks like account %(codes)s already here.") % {"codes": ", ".join(sorted(others))})
            )
        if hidden:
            warnings.append((line, _("Looks like an account you cannot see: ask your manager.")))
        if in_file:
            lines = ", ".join(str(number) for number in sorted(in_file))
            warnings.append((line, _("Looks like the account of line %(lines)s.") % {"lines": lines}))
    return warnings
