"""The hand-over and merge pages: a form, a page that says what will move, and the action."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from accounts.models import Account
from users.models import Role
from users.permissions import RoleRequiredMixin

from . import handover, merge, selectors
from .forms import HandOverForm, MergeForm
from .models import HandOverStatus

HANDING_OVER = frozenset({Role.MANAGER, Role.ADMIN})
RUNNING = frozenset({HandOverStatus.PENDING, HandOverStatus.RUNNING})


class HandOverListView(RoleRequiredMixin, TemplateView):
    allowed_roles = HANDING_OVER
    template_name = "stewardship/handovers.html"

    def get_context_data(self, **kwargs):
        handovers = list(selectors.recent_handovers(self.request.user))
        return {
            **super().get_context_data(**kwargs),
            "sources": selectors.handover_sources(self.request.user),
            "handovers": handovers,
            "running": any(item.status in RUNNING for item in handovers),
        }


class HandOverView(RoleRequiredMixin, FormView):
    """GET: the form; POST: what would move, and its confirm button; POST with ``confirm``: do it."""

    allowed_roles = HANDING_OVER
    template_name = "stewardship/handover_form.html"
    form_class = HandOverForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.role in HANDING_OVER:
            self.source = selectors.get_handover_source(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "targets": selectors.handover_targets(self.request.user, self.source)}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "source": self.source}

    def form_valid(self, form):
        scope = handover.Scope(
            source=self.source, tiers=tuple(form.cleaned_data["tiers"]), codes=form.cleaned_data["codes"]
        )
        to_user = form.cleaned_data["to_user"]
        if "confirm" not in self.request.POST:
            preview = handover.hand_over_preview(actor=self.request.user, scope=scope)
            return self.render_to_response(self.get_context_data(form=form, preview=preview, to_user=to_user))
        large = scope.accounts(self.request.user).count() > settings.HANDOVER_INLINE_MAX_ACCOUNTS
        try:
            if large:
                handover.hand_over_request(actor=self.request.user, scope=scope, to_user=to_user)
            else:
                record = handover.hand_over(actor=self.request.user, scope=scope, to_user=to_user)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        if large:
            messages.info(self.request, _("The hand-over is running; it is listed below once done."))
            return redirect("stewardship:handovers")
        messages.success(
            self.request,
            _("%(count)d accounts handed over from %(from)s to %(to)s.")
            % {"count": record.accounts, "from": self.source, "to": to_user},
        )
        return redirect("stewardship:handovers")


class MergeView(RoleRequiredMixin, FormView):
    """GET: the form; POST: both accounts and what each holds; POST with ``confirm``: merge."""

    allowed_roles = frozenset({Role.ADMIN})
    template_name = "stewardship/merge_form.html"
    form_class = MergeForm

    def get_initial(self):
        return {"kept": self.request.GET.get("kept", "")[:32], "merged": self.request.GET.get("merged", "")[:32]}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "merges": selectors.recent_merges()}

    def form_valid(self, form):
        kept, merged = form.cleaned_data["kept"], form.cleaned_data["merged"]
        if "confirm" not in self.request.POST:
            counts = [
                (apps.get_model(label)._meta.verbose_name_plural, kept_count, merged_count)
                for (label, kept_count), merged_count in zip(
                    merge.related_counts(kept).items(), merge.related_counts(merged).values(), strict=True
                )
                if kept_count or merged_count
            ]
            return self.render_to_response(self.get_context_data(form=form, kept=kept, merged=merged, counts=counts))
        try:
            merge.accounts_merge(actor=self.request.user, kept=kept, merged=merged)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("%(merged)s was merged into %(kept)s.") % {"merged": merged.code, "kept": kept.code}
        )
        return redirect(Account.get_absolute_url(kept))
