"""Pagination that does not count every row of a large list.

Counting all 50 000 accounts a manager or admin may see costs several times more than
fetching the 25 on the page. This paginator counts at most a few pages past the one asked
for; beyond that the page says "more than 1,000" and offers Next instead of Last.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from users.pagination import LastPageMixin

EXACT_UP_TO = 1000
PAGES_AHEAD = 4


class CappedCountPaginator(Paginator):
    """``counted``: a queryset of the same rows as ``object_list`` that is cheaper to count
    (the rows read through another plan, as ``visible_in_bulk_to`` does); ``object_list`` by
    default. ``exact_up_to``: the least the count goes to (EXACT_UP_TO by default), for a list
    whose rows cost more to test."""

    def __init__(self, object_list, per_page, *, requested_page: int = 1, counted=None, exact_up_to=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        exact_up_to = EXACT_UP_TO if exact_up_to is None else exact_up_to
        self.cap = max(exact_up_to, (requested_page + PAGES_AHEAD) * per_page)
        self.counted = object_list if counted is None else counted

    @cached_property
    def count(self) -> int:
        """The exact count up to the cap; cap + 1 means "more". Unordered, so the database
        stops at the cap instead of sorting every row first."""
        return self.counted.order_by().values("pk")[: self.cap + 1].count()

    @property
    def is_capped(self) -> bool:
        return self.count > self.cap


class CappedPaginationMixin(LastPageMixin):
    """For a ListView: count with CappedCountPaginator, sized for the (clamped) page requested."""

    paginator_class = CappedCountPaginator
    count_exactly_up_to: int | None = None  # None: EXACT_UP_TO

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        return self.paginator_class(
            queryset,
            per_page,
            orphans=orphans,
            allow_empty_first_page=allow_empty_first_page,
            requested_page=self.requested_page(),
            exact_up_to=self.count_exactly_up_to,
            **kwargs,
        )
