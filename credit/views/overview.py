"""The credit overview pages: accounts by exposure and the approval queue."""

from __future__ import annotations

from django.utils.functional import cached_property
from django.views.generic import ListView

from accounts.pagination import CappedCountPaginator, CappedPaginationMixin
from users.pagination import LastPageMixin
from users.permissions import DECIDERS, RoleRequiredMixin

from .. import selectors
from ..forms import ExposureFilterForm


class ExposurePaginator(CappedCountPaginator):
    """Counts an ``ExposureList`` (plain SQL, not a queryset) no further than the cap."""

    @cached_property
    def count(self) -> int:
        return self.object_list.count(limit=self.cap + 1)


class ExposureListView(RoleRequiredMixin, CappedPaginationMixin, ListView):
    """Accounts by utilisation, with their exposure, filtered."""

    paginator_class = ExposurePaginator

    allowed_roles = DECIDERS
    template_name = "credit/exposure_list.html"
    context_object_name = "accounts"
    paginate_by = 25

    def get_queryset(self):
        self.filter_form = ExposureFilterForm(self.request.GET or None, user=self.request.user)
        return selectors.exposure_list(user=self.request.user, **self.filter_form.selector_arguments())

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "filter_form": self.filter_form}


class QueueView(RoleRequiredMixin, LastPageMixin, ListView):
    """What waits for the person's decision, oldest first."""

    allowed_roles = DECIDERS
    template_name = "credit/queue.html"
    context_object_name = "requests"
    paginate_by = 50

    def get_queryset(self):
        return selectors.approver_queue(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        selectors.add_queue_figures(context["requests"])
        return context
