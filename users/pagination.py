"""Lists that answer any ``?page=``: a page past the last shows the last page, junk the first."""

from __future__ import annotations

from .bounds import page_number


class LastPageMixin:
    """For a ListView: a page number is clamped (``bounds.page_number``) and a page past the
    end shows the last page, where Django's ListView would answer 404."""

    def requested_page(self) -> int:
        return page_number(self.kwargs.get(self.page_kwarg) or self.request.GET.get(self.page_kwarg))

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(
            queryset, page_size, orphans=self.get_paginate_orphans(), allow_empty_first_page=self.get_allow_empty()
        )
        page = paginator.get_page(self.requested_page())
        return paginator, page, page.object_list, page.has_other_pages()
