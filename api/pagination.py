from __future__ import annotations

from rest_framework.pagination import CursorPagination


class Cursor(CursorPagination):
    """Every list: a cursor (stable while rows are added, no COUNT over 50 000 accounts), up to
    ``page_size`` rows a page (at most 200). The default order is each view's
    ``ordering``; ``?ordering=`` picks another of its ``ordering_fields`` (columns that are
    never NULL, as a cursor's position must be)."""

    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "-pk"
