from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, FormView, ListView, TemplateView

from accounts import panels
from accounts.pagination import CappedPaginationMixin
from accounts.visibility import CHANGE, get_account_for, get_visible_or_404, may
from users.pagination import LastPageMixin
from users.permissions import SELLING_ROLES, RoleRequiredMixin, has_role

from . import ical, selectors, services
from .complaints import complaint_list, complaint_report, complaint_state
from .forms import ComplaintForm, ComplaintResolveForm, PeriodForm, PlanAddForm, PlanDropForm, PlanMoveForm, VisitForm
from .models import Complaint, Visit
from .permissions import PLAN_VIEWERS, TEAM_PLAN_VIEWERS


class AccountPanelView(RoleRequiredMixin, TemplateView):
    """The account page's "Visits" tab: cadence, next due visit, and the visit and complaint timeline."""

    template_name = "visits/account_panel.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        account = selectors.account_visit_summary(user=self.request.user, account_pk=self.kwargs["pk"], today=today)
        can_log = has_role(self.request.user, SELLING_ROLES)
        return {
            **super().get_context_data(**kwargs),
            "account": account,
            "timeline": selectors.account_timeline(account=account),
            "can_log": can_log,
            "can_locate": settings.VISITS_CHECK_IN and can_log and may(self.request.user, CHANGE, account),
        }


class VisitLogView(RoleRequiredMixin, FormView):
    allowed_roles = SELLING_ROLES
    template_name = "visits/visit_form.html"
    form_class = VisitForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.account = get_account_for(request.user, kwargs["pk"], action=CHANGE)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "contacts": selectors.visit_form_contacts(self.account)}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "account": self.account}

    def form_valid(self, form):
        plan_item = None
        if item_pk := self.request.GET.get("plan_item", "").strip():
            plan_item = get_visible_or_404(
                selectors.plan_items_for(self.request.user), self.request.user, pk=_int_or_404(item_pk)
            )
        visit = services.visit_log(
            actor=self.request.user,
            account=self.account,
            fields=form.visit_fields(),
            contacts=form.cleaned_data.get("contacts") or (),
            plan_item=plan_item,
            check_in=form.check_in(),
        )
        messages.success(self.request, _("Visit to %(account)s logged.") % {"account": self.account.name})
        # Onto the account's visits tab, at the visit just logged (static/js/app.js opens it).
        return redirect(panels.tab_url(self.account, "visits", f"visit-{visit.pk}"))


class AccountLocateView(RoleRequiredMixin, View):
    """One button on a checked-in visit: the account is where the rep checked in (CHANGE door)."""

    allowed_roles = SELLING_ROLES
    http_method_names = ["post"]

    def post(self, request, pk):
        visit = get_visible_or_404(Visit.objects.all(), request.user, pk=pk)
        account = get_account_for(request.user, visit.account_id, action=CHANGE)
        try:
            services.account_locate_from_check_in(actor=request.user, visit=visit)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            located = _("The location of %(account)s is now this check-in's.")
            messages.success(request, located % {"account": account.name})
        return redirect(panels.tab_url(account, "visits", f"visit-{visit.pk}"))


def _plan_rep_or_404(user, rep_pk: str):
    return get_object_or_404(selectors.plan_reps_for(user), pk=_int_or_404(rep_pk))


def _int_or_404(value: str) -> int:
    try:
        return int(value)
    except ValueError as error:
        raise Http404 from error


class DueListView(RoleRequiredMixin, CappedPaginationMixin, ListView):
    """Accounts by next due visit, overdue first: what to plan next."""

    template_name = "visits/due_list.html"
    context_object_name = "accounts"
    paginate_by = 25

    def get_queryset(self):
        self.overdue_only = self.request.GET.get("overdue") == "1"
        self.today = timezone.localdate()
        return selectors.due_accounts(user=self.request.user, today=self.today, overdue_only=self.overdue_only)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "overdue_only": self.overdue_only, "today": self.today}


def period_and_rep(request, params=None, *, with_rep: bool = True):
    form = PeriodForm(params if params is not None else request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    period = selectors.Period.containing(data.get("start") or timezone.localdate(), data.get("period") or "week")
    return period, selectors.plan_subject(request.user, data.get("rep")) if with_rep else None


class PlanView(RoleRequiredMixin, TemplateView):
    """A rep's weekly or monthly plan: what is planned, done and dropped, with actions."""

    allowed_roles = PLAN_VIEWERS
    template_name = "visits/plan.html"

    def get_context_data(self, **kwargs):
        period, rep = period_and_rep(self.request)
        context = {
            **super().get_context_data(**kwargs),
            "period": period,
            "plan_rep": rep,
            "rep_choices": selectors.plan_rep_choices(self.request.user),
            "today": timezone.localdate(),
        }
        if rep is None:  # nobody sells yet: nobody's plan to show
            return context
        items = selectors.plan_items(rep=rep, period=period)
        accounts = selectors.plannable_accounts(user=self.request.user, rep=rep)
        query = {"period": period.kind, "rep": rep.pk}
        return {
            **context,
            "items": items,
            "figures": selectors.completion_figures(items),
            "add_form": PlanAddForm(accounts=accounts, initial={"planned_on": max(period.start, context["today"])}),
            "previous_query": urlencode({**query, "start": period.previous().start.isoformat()}),
            "next_query": urlencode({**query, "start": period.next().start.isoformat()}),
            "week_query": urlencode({**query, "period": "week", "start": period.start.isoformat()}),
            "month_query": urlencode({**query, "period": "month", "start": period.start.isoformat()}),
            "this_query": urlencode({**query, "start": period.start.isoformat()}),
        }


def _back_to_plan(request, rep_pk: int | None = None):
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect(reverse("visits:plan") + (f"?rep={rep_pk}" if rep_pk else ""))


class PlanSuggestView(RoleRequiredMixin, View):
    allowed_roles = PLAN_VIEWERS
    http_method_names = ["post"]

    def post(self, request):
        period, rep = period_and_rep(request, request.POST)
        if rep is None:
            raise Http404
        added = services.plan_suggest(rep=rep, period=period, today=timezone.localdate())
        messages.success(request, _("%(count)d visits suggested from what is due and overdue.") % {"count": added})
        return _back_to_plan(request, rep.pk)


class PlanAccountOptionsView(RoleRequiredMixin, TemplateView):
    """The plan's account picker: the <option>s of the rep's accounts matching what was typed (GET ?q=)."""

    allowed_roles = PLAN_VIEWERS
    template_name = "_options.html"

    def get_context_data(self, **kwargs):
        rep = _plan_rep_or_404(self.request.user, self.request.GET.get("rep", ""))
        search = self.request.GET.get("q", "")[:100]
        return {"options": selectors.plan_account_options(user=self.request.user, rep=rep, search=search)}


class PlanAddView(RoleRequiredMixin, View):
    allowed_roles = PLAN_VIEWERS
    http_method_names = ["post"]

    def post(self, request):
        rep = _plan_rep_or_404(request.user, request.POST.get("rep", ""))
        accounts = selectors.plannable_accounts(user=request.user, rep=rep)
        form = PlanAddForm(request.POST, accounts=accounts)
        if form.is_valid():
            try:
                services.plan_add(actor=request.user, rep=rep, **form.cleaned_data)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Visit planned."))
        else:
            messages.error(request, _("The visit could not be planned: %(errors)s") % {"errors": _form_errors(form)})
        return _back_to_plan(request, rep.pk)


def _form_errors(form) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


class PlanItemActionView(RoleRequiredMixin, View):
    allowed_roles = PLAN_VIEWERS
    http_method_names = ["post"]
    form_class: type
    done_message = ""

    def post(self, request, pk):
        item = get_visible_or_404(selectors.plan_items_for(request.user), request.user, pk=pk)
        form = self.form_class(request.POST)
        if not form.is_valid():
            messages.error(request, _form_errors(form))
            return _back_to_plan(request, item.rep_id)
        try:
            self.act(item, form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, self.done_message())
        return _back_to_plan(request, item.rep_id)


class PlanMoveView(PlanItemActionView):
    form_class = PlanMoveForm

    def act(self, item, data):
        services.plan_move(actor=self.request.user, item=item, planned_on=data["planned_on"])

    def done_message(self):
        return _("Visit moved.")


class PlanDropView(PlanItemActionView):
    form_class = PlanDropForm

    def act(self, item, data):
        services.plan_drop(actor=self.request.user, item=item, reason=data["reason"])

    def done_message(self):
        return _("Visit dropped.")


class TeamPlanView(RoleRequiredMixin, TemplateView):
    """A manager's view of the team's plans: completion per rep and overdue accounts."""

    allowed_roles = TEAM_PLAN_VIEWERS
    template_name = "visits/team_plan.html"

    def get_context_data(self, **kwargs):
        period, _rep = period_and_rep(self.request, with_rep=False)  # every rep's: no subject to look up
        reps = selectors.team_plan(user=self.request.user, period=period, today=timezone.localdate())
        planned = sum(rep.planned for rep in reps)
        done = sum(rep.done for rep in reps)
        return {
            **super().get_context_data(**kwargs),
            "period": period,
            "reps": reps,
            "total_rate": round(100 * done / planned) if planned else None,
            "check_in_radius": settings.VISITS_CHECK_IN_RADIUS_M if settings.VISITS_CHECK_IN else None,
            "previous_query": urlencode({"period": period.kind, "start": period.previous().start.isoformat()}),
            "next_query": urlencode({"period": period.kind, "start": period.next().start.isoformat()}),
        }


# --- Complaints -----------------------------------------------------------------------------


class ComplaintListView(RoleRequiredMixin, LastPageMixin, ListView):
    template_name = "visits/complaint_list.html"
    context_object_name = "complaints"
    paginate_by = 25

    def get_queryset(self):
        self.state = complaint_state(self.request.GET.get("state"))
        return complaint_list(user=self.request.user, state=self.state)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "state": self.state}


class ComplaintCreateView(RoleRequiredMixin, FormView):
    allowed_roles = SELLING_ROLES
    template_name = "visits/complaint_form.html"
    form_class = ComplaintForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.account = get_account_for(request.user, kwargs["pk"], action=CHANGE)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "account": self.account, "user": self.request.user}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "account": self.account}

    def form_valid(self, form):
        complaint = services.complaint_open(
            actor=self.request.user, account=self.account, fields=form.complaint_fields()
        )
        messages.success(self.request, _("Complaint recorded."))
        return redirect("visits:complaint_detail", complaint.pk)


class ComplaintDetailView(RoleRequiredMixin, DetailView):
    template_name = "visits/complaint_detail.html"
    context_object_name = "complaint"

    def get_object(self, queryset=None):
        complaints = Complaint.objects.select_related("account", "owner", "opened_by")
        return get_visible_or_404(complaints, self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        can_resolve = has_role(self.request.user, SELLING_ROLES) and self.object.resolved_at is None
        return {
            **super().get_context_data(**kwargs),
            "resolve_form": ComplaintResolveForm() if can_resolve else None,
        }


class ComplaintResolveView(RoleRequiredMixin, View):
    allowed_roles = SELLING_ROLES
    http_method_names = ["post"]

    def post(self, request, pk):
        complaint = get_visible_or_404(Complaint.objects.all(), request.user, pk=pk)
        form = ComplaintResolveForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Say how the complaint ended and how it was resolved."))
            return redirect("visits:complaint_detail", complaint.pk)
        try:
            services.complaint_resolve(actor=request.user, complaint=complaint, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Complaint closed."))
        return redirect("visits:complaint_detail", complaint.pk)


class ComplaintReportView(RoleRequiredMixin, TemplateView):
    """Open complaints, time to resolution, and who came back to buy by how their complaint ended."""

    template_name = "visits/complaint_report.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "report": complaint_report(user=self.request.user)}


# --- Calendar feed --------------------------------------------------------------------------


class CalendarView(RoleRequiredMixin, TemplateView):
    """The rep's private calendar URL: issue (or replace) and revoke it."""

    allowed_roles = PLAN_VIEWERS
    template_name = "visits/calendar.html"

    def get_context_data(self, **kwargs):
        feed = selectors.calendar_feed_for(self.request.user)
        url = self.request.build_absolute_uri(reverse("visits:calendar_feed", args=[feed.token])) if feed else ""
        return {**super().get_context_data(**kwargs), "feed": feed, "feed_url": url}

    def post(self, request):
        if request.POST.get("action") == "revoke":
            services.calendar_feed_revoke(user=request.user)
            messages.success(request, _("The calendar URL was revoked: it no longer works."))
        else:
            services.calendar_feed_issue(user=request.user)
            messages.success(request, _("A new calendar URL was made; any previous one no longer works."))
        return redirect("visits:calendar")


@login_not_required
@require_GET
def calendar_feed(request, token: str) -> HttpResponse:
    """The plan as iCalendar, for phone calendars that cannot log in: the token is the key."""
    owner, items = selectors.calendar_items(token=token, today=timezone.localdate())
    if owner is None:
        raise Http404
    site = settings.SITE_URL.rstrip("/")
    with translation.override(owner.language):
        body = _feed_body(request, owner, items, site)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response


def _feed_body(request, owner, items, site: str) -> str:
    return ical.plan_calendar(
        items,
        name=_("Visit plan of %(name)s") % {"name": owner},
        domain=request.get_host().split(":")[0] or "crm",
        summary_for=lambda item: _("Visit: %(account)s") % {"account": item.account.name},
        url_for=lambda item: f"{site}{item.account.get_absolute_url()}",
    )
