"""The decided-requests page: what a manager or credit approver approved or rejected, to look
back on (the queue shows only what still waits)."""

from __future__ import annotations

from django.views.generic import ListView

from users.pagination import LastPageMixin
from users.permissions import DECIDERS, RoleRequiredMixin

from .. import selectors
from ..forms import DecidedFilterForm


class DecidedListView(RoleRequiredMixin, LastPageMixin, ListView):
    """The requests the person decided, newest decision first, filtered and paged."""

    allowed_roles = DECIDERS
    template_name = "credit/decided_list.html"
    context_object_name = "requests"
    paginate_by = 50

    def get_queryset(self):
        self.filter_form = DecidedFilterForm(self.request.GET or None)
        return selectors.decided_requests(user=self.request.user, **self.filter_form.selector_arguments())

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "filter_form": self.filter_form}
