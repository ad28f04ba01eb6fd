"""One account's timeline: everything that happened with the customer, newest first.

Each kind of event is one query on its own table, filtered to the account, ordered by its
date and cut at a page's rows past the cursor, so a page costs one query per kind (at most
``len(SOURCES)``) whatever the account's history; the rows are merged in Python. The cursor is
the last row shown — its time, its kind's rank and its id — so rows on the same day or at the
same moment are neither repeated nor skipped from one page to the next. Date-only events
(a visit's day, an order's date) stand at the start of their day.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PAGE_SIZE = 25


@dataclass(frozen=True)
class Source:
    kind: str
    label: object  # a lazy translation
    model: str
    when: str  # the field (or path) giving the event's date or moment
    account: str = "account"
    is_date: bool = False
    related: tuple = ()
    only: Q = field(default_factory=Q)
    exclude: Q | None = None


SOURCES = (
    Source("visit", _("Visits"), "visits.Visit", "visited_on", is_date=True, related=("rep",)),
    Source("order", _("Orders"), "deals.Order", "order_date", is_date=True),
    Source(
        "payment", _("Payments"), "deals.Payment", "paid_on", account="order__account", is_date=True, related=("order",)
    ),
    Source("opportunity", _("Opportunities opened"), "deals.Opportunity", "created_at", related=("stage", "owner")),
    Source(
        "opportunity_closed",
        _("Opportunities won or lost"),
        "deals.Opportunity",
        "closed_on",
        is_date=True,
        related=("stage",),
        only=Q(closed_on__isnull=False),
    ),
    Source(
        "credit",
        _("Credit requests"),
        "credit.CreditRequestEvent",
        "created_at",
        account="request__account",
        related=("request", "actor"),
    ),
    Source(
        "tier",
        _("Tier changes"),
        "scoring.ScoringResult",
        "run__as_of",
        is_date=True,
        related=("run",),
        exclude=Q(previous_abc_tier="") | Q(abc_tier=F("previous_abc_tier")),
    ),
    Source("complaint", _("Complaints"), "visits.Complaint", "opened_at", related=("owner",)),
    Source("note", _("Notes"), "timeline.AccountNote", "created_at", related=("author",)),
    Source("task", _("Tasks"), "tasks.Task", "created_at", related=("owner",)),
    Source(
        "attachment",
        _("Documents"),
        "attachments.Attachment",
        "uploaded_at",
        related=("uploaded_by",),
        only=Q(deleted_at__isnull=True),
    ),
)
RANK = {source.kind: rank for rank, source in enumerate(SOURCES)}
KINDS = [(source.kind, source.label) for source in SOURCES]


@dataclass(frozen=True)
class Cursor:
    when: datetime.datetime
    rank: int
    pk: int

    def token(self) -> str:
        return f"{self.when.isoformat()}~{self.rank}~{self.pk}"

    @classmethod
    def parse(cls, token: str | None) -> Cursor | None:
        """The cursor in ``token``, or None (the first page) for anything malformed."""
        try:
            when, rank, pk = (token or "").split("~")
            moment = datetime.datetime.fromisoformat(when)
            cursor = cls(moment, int(rank), int(pk))
        except (ValueError, OverflowError):
            return None
        if timezone.is_naive(moment) or not 0 <= cursor.rank < len(SOURCES) or not 0 < cursor.pk < 2**63:
            return None
        return cursor


@dataclass(frozen=True)
class Entry:
    kind: str
    when: datetime.datetime
    object: object

    @property
    def dated(self) -> bool:
        """Whether the event has a day but no time of day."""
        return SOURCES[RANK[self.kind]].is_date

    @property
    def cursor(self) -> Cursor:
        return Cursor(self.when, RANK[self.kind], self.object.pk)


def _moment(value) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        return value
    return timezone.make_aware(datetime.datetime.combine(value, datetime.time.min))


def _older_than(source: Source, rank: int, cursor: Cursor) -> Q:
    """Rows of ``source`` that come after ``cursor`` in newest-first order."""
    same = None  # the value of this source's date that equals the cursor's moment
    if source.is_date:
        local = timezone.localtime(cursor.when)
        day = local.date()
        older = Q(**{f"{source.when}__lt": day})
        if local != _moment(day):
            older |= Q(**{source.when: day})  # the day's start comes before the cursor
        else:
            same = day
    else:
        older, same = Q(**{f"{source.when}__lt": cursor.when}), cursor.when
    if same is not None and rank < cursor.rank:
        older |= Q(**{source.when: same})
    elif same is not None and rank == cursor.rank:
        older |= Q(**{source.when: same, "pk__lt": cursor.pk})
    return older


def _rows(source: Source, account, cursor: Cursor | None, limit: int) -> QuerySet:
    queryset = apps.get_model(source.model).objects.filter(source.only, **{source.account: account})
    if source.exclude is not None:
        queryset = queryset.exclude(source.exclude)
    if cursor is not None:
        queryset = queryset.filter(_older_than(source, RANK[source.kind], cursor))
    return queryset.select_related(*source.related).order_by(f"-{source.when}", "-pk")[:limit]


def _when(source: Source, row) -> datetime.datetime:
    value = row
    for part in source.when.split("__"):
        value = getattr(value, part)
    return _moment(value)


def account_timeline(*, account, kinds: list[str] | None = None, cursor: Cursor | None = None, size: int = PAGE_SIZE):
    """A page of ``account``'s events, newest first, and the cursor of the next page (or None).

    One query per kind asked for (every kind when ``kinds`` is empty). The caller has checked
    that the user may see the account: every row here belongs to it.
    """
    entries = []
    for source in SOURCES:
        if kinds and source.kind not in kinds:
            continue
        entries += [Entry(source.kind, _when(source, row), row) for row in _rows(source, account, cursor, size + 1)]
    entries.sort(key=lambda entry: (entry.when, RANK[entry.kind], entry.object.pk), reverse=True)
    page = entries[:size]
    return page, (page[-1].cursor if len(entries) > size else None)
