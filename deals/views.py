from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from accounts.pagination import CappedPaginationMixin
from accounts.visibility import CHANGE, get_account_for
from users.models import Role
from users.permissions import ALL_ROLES, SELLING_ROLES, RoleRequiredMixin, has_role, sells

from . import import_jobs, selectors, services
from .forms import (
    ImportMappingForm,
    ImportUploadForm,
    OpportunityContactForm,
    OpportunityFilterForm,
    OpportunityForm,
    OpportunityMoveForm,
    OrderForm,
    OrderLineFormSet,
    PaymentForm,
    ProductFilterForm,
)
from .models import OrderStatus


class OrderListView(RoleRequiredMixin, TemplateView):
    """The visible orders, newest first, a page at a time.

    Pages go forward and back without a total: counting every visible order (and, for
    "unpaid", working out every order's balance) costs seconds at a few hundred thousand
    orders, while the newest page is found by walking the order-date index.
    """

    template_name = "deals/order_list.html"
    per_page = 25

    def get_context_data(self, **kwargs):
        open_only = self.request.GET.get("open") == "1"
        try:
            page = max(1, int(self.request.GET.get("page", 1)))
        except ValueError:
            page = 1
        account = None
        if self.request.GET.get("account", "").isdigit():
            account = get_account_for(self.request.user, int(self.request.GET["account"]))
        start = (page - 1) * self.per_page
        orders = list(
            selectors.order_list(user=self.request.user, account=account, open_only=open_only)[
                start : start + self.per_page + 1
            ]
        )
        return {
            **super().get_context_data(**kwargs),
            "orders": orders[: self.per_page],
            "account": account,
            "open_only": open_only,
            "page": page,
            "has_previous": page > 1,
            "has_next": len(orders) > self.per_page,
        }


class OrderCreateView(RoleRequiredMixin, TemplateView):
    """A new order for one account, with its lines; the order guards may hold it."""

    allowed_roles = SELLING_ROLES
    template_name = "deals/order_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.account = get_account_for(request.user, kwargs["account_pk"], action=CHANGE)
        return super().dispatch(request, *args, **kwargs)

    def forms(self, data=None):
        initial = None if data else {"number": selectors.next_order_number(self.account)}
        form = OrderForm(data, account=self.account, initial=initial)
        lines = OrderLineFormSet(data, prefix="lines")
        return form, lines

    def get(self, request, *args, **kwargs):
        form, lines = self.forms()
        return self.render_to_response({"account": self.account, "form": form, "lines": lines})

    def post(self, request, *args, **kwargs):
        form, lines = self.forms(request.POST)
        context = {"account": self.account, "form": form, "lines": lines}
        if form.is_valid() and lines.is_valid():
            data = form.cleaned_data
            try:
                order = services.order_create(
                    account=self.account,
                    actor=request.user,
                    number=data["number"],
                    order_date=data["order_date"],
                    due_date=data["due_date"],
                    notes=data["notes"],
                    lines=lines.line_inputs(),
                    return_of=data["return_of"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if order.status == OrderStatus.ON_HOLD:
                    messages.warning(
                        request,
                        _("Order %(number)s is over the credit limit: it is saved on hold for a credit approver.")
                        % {"number": order.number},
                    )
                else:
                    messages.success(request, _("Order %(number)s saved.") % {"number": order.number})
                return redirect("deals:order_detail", order.pk)
        return self.render_to_response(context)


class ProductOptionsView(RoleRequiredMixin, TemplateView):
    """The order form's product picker: the <option>s matching what was typed (GET ?q=)."""

    allowed_roles = SELLING_ROLES
    template_name = "_options.html"

    def get_context_data(self, **kwargs):
        return {"options": selectors.product_options(search=self.request.GET.get("q", "")[:100])}


class OrderDetailView(RoleRequiredMixin, TemplateView):
    template_name = "deals/order_detail.html"

    def get_context_data(self, **kwargs):
        order = selectors.order_detail(user=self.request.user, pk=self.kwargs["pk"])
        return {
            **super().get_context_data(**kwargs),
            "order": order,
            "payment_form": PaymentForm(),
            "can_cancel": has_role(self.request.user, SELLING_ROLES)
            and order.status == OrderStatus.CONFIRMED
            and not order.payments.all(),
        }


class PaymentCreateView(RoleRequiredMixin, View):
    """Record a payment received against an order (POST only)."""

    allowed_roles = ALL_ROLES
    http_method_names = ["post"]

    def post(self, request, pk):
        order = selectors.order_detail(user=request.user, pk=pk)
        form = PaymentForm(request.POST)
        if not form.is_valid():
            return render(request, "deals/order_detail.html", {"order": order, "payment_form": form}, status=400)
        try:
            services.payment_record(
                order=order,
                actor=request.user,
                amount=form.cleaned_data["amount"],
                paid_on=form.cleaned_data["paid_on"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return render(request, "deals/order_detail.html", {"order": order, "payment_form": form}, status=400)
        messages.success(request, _("Payment recorded."))
        return redirect("deals:order_detail", order.pk)


class OrderMarkPaidView(RoleRequiredMixin, View):
    """Settle what an order still owes with one payment dated today (POST only)."""

    allowed_roles = ALL_ROLES
    http_method_names = ["post"]

    def post(self, request, pk):
        order = selectors.order_detail(user=request.user, pk=pk)
        try:
            services.order_mark_paid(order=order, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Order %(number)s marked paid.") % {"number": order.number})
        return redirect("deals:order_detail", order.pk)


class OrderCancelView(RoleRequiredMixin, View):
    """Cancel an order entered by mistake (POST only, with a reason)."""

    allowed_roles = SELLING_ROLES
    http_method_names = ["post"]

    def post(self, request, pk):
        order = selectors.order_detail(user=request.user, pk=pk)
        try:
            services.order_cancel(order=order, actor=request.user, reason=request.POST.get("reason", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Order %(number)s cancelled.") % {"number": order.number})
        return redirect("deals:order_detail", order.pk)


class AccountPanelView(RoleRequiredMixin, TemplateView):
    """The account page's "Orders" tab: receivables, purchase habits and the latest orders."""

    template_name = "deals/account_panel.html"

    def get_context_data(self, **kwargs):
        account = get_account_for(self.request.user, self.kwargs["pk"])
        recent = list(selectors.order_list(user=self.request.user, account=account)[: selectors.RECENT_ORDERS])
        receivables, habits = selectors.account_orders_summary(account=account)
        return {
            **super().get_context_data(**kwargs),
            "account": account,
            "orders": recent,
            "opportunities": selectors.account_opportunities(user=self.request.user, account=account),
            "receivables": receivables,
            "habits": habits,
            "can_order": sells(self.request.user),
        }


# --- Opportunities -----------------------------------------------------------------------


def url_maker(name: str):
    """``pk -> URL`` for a URL whose one argument is a pk: reversed once, not once per row
    (the board's 300 cards would otherwise spend more on reverse() than on their query)."""
    head, tail = reverse(name, args=[987654321]).split("987654321")
    return lambda pk: f"{head}{pk}{tail}"


class OpportunityBoardView(RoleRequiredMixin, TemplateView):
    template_name = "deals/opportunity_board.html"

    def get_context_data(self, **kwargs):
        columns = selectors.opportunity_board(user=self.request.user)
        edit_url, move_url = url_maker("deals:opportunity_edit"), url_maker("deals:opportunity_move")
        account_url = url_maker("accounts:detail")
        for column in columns:
            for card in column["opportunities"]:
                card.edit_url, card.move_url = edit_url(card.pk), move_url(card.pk)
                card.account_url = account_url(card.account_id)
        return {
            **super().get_context_data(**kwargs),
            "columns": columns,
            "can_move": has_role(self.request.user, SELLING_ROLES),
        }


class OpportunityListView(RoleRequiredMixin, CappedPaginationMixin, ListView):
    template_name = "deals/opportunity_list.html"
    context_object_name = "opportunities"
    paginate_by = 25

    def get_queryset(self):
        self.filter_form = OpportunityFilterForm(self.request.GET or None)
        data = self.filter_form.cleaned_data if self.filter_form.is_valid() else {}
        return selectors.opportunity_list(
            user=self.request.user, stage=data.get("stage"), open_only=bool(data.get("open"))
        )

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "filter_form": self.filter_form}


class OpportunityCreateView(RoleRequiredMixin, FormView):
    allowed_roles = SELLING_ROLES
    template_name = "deals/opportunity_form.html"
    form_class = OpportunityForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.account = get_account_for(request.user, kwargs["account_pk"], action=CHANGE)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "account": self.account}

    def form_valid(self, form):
        try:
            opportunity = services.opportunity_create(
                account=self.account, actor=self.request.user, fields=form.opportunity_fields()
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Opportunity %(name)s saved.") % {"name": opportunity.name})
        return redirect("deals:opportunity_board")


class OpportunityUpdateView(RoleRequiredMixin, FormView):
    allowed_roles = SELLING_ROLES
    template_name = "deals/opportunity_form.html"
    form_class = OpportunityForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.opportunity = selectors.opportunity_for(user=request.user, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "instance": self.opportunity}

    def get_context_data(self, **kwargs):
        contacts = selectors.deal_contact_choices(opportunity=self.opportunity)
        return {
            **super().get_context_data(**kwargs),
            "account": self.opportunity.account,
            "opportunity": self.opportunity,
            "committee": selectors.deal_committee(opportunity=self.opportunity),
            "contact_form": kwargs.get("contact_form") or OpportunityContactForm(contacts=contacts),
        }

    def form_valid(self, form):
        try:
            services.opportunity_update(
                opportunity=self.opportunity, actor=self.request.user, fields=form.opportunity_fields()
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Opportunity %(name)s saved.") % {"name": self.opportunity.name})
        return redirect("deals:opportunity_board")


class OpportunityContactAddView(RoleRequiredMixin, View):
    """Put a contact on the deal in a buying role (POST only)."""

    allowed_roles = SELLING_ROLES
    http_method_names = ["post"]

    def post(self, request, pk):
        opportunity = selectors.opportunity_for(user=request.user, pk=pk)
        form = OpportunityContactForm(request.POST, contacts=selectors.deal_contact_choices(opportunity=opportunity))
        if form.is_valid():
            try:
                services.opportunity_contact_add(
                    opportunity=opportunity,
                    actor=request.user,
                    contact=form.cleaned_data["contact"],
                    role=form.cleaned_data["role"],
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
        else:
            messages.error(request, _("Choose a contact of this account and a buying role."))
        return redirect("deals:opportunity_edit", opportunity.pk)


class OpportunityContactRemoveView(RoleRequiredMixin, View):
    """Take a contact's role off the deal (POST only)."""

    allowed_roles = SELLING_ROLES
    http_method_names = ["post"]

    def post(self, request, pk):
        link = selectors.opportunity_contact_for(user=request.user, pk=pk)
        services.opportunity_contact_remove(link=link, actor=request.user)
        return redirect("deals:opportunity_edit", link.opportunity_id)


class OpportunityMoveView(RoleRequiredMixin, View):
    """The board's drop target: move an opportunity to another stage (POST only).

    Answers JSON to the board's fetch(), and redirects a plain form post back to the board.
    """

    allowed_roles = SELLING_ROLES
    http_method_names = ["post"]

    def post(self, request, pk):
        opportunity = selectors.opportunity_for(user=request.user, pk=pk)
        wants_json = "application/json" in request.headers.get("Accept", "")
        form = OpportunityMoveForm(request.POST)
        error = None
        if form.is_valid():
            try:
                opportunity = services.opportunity_move(
                    opportunity=opportunity,
                    actor=request.user,
                    stage=form.cleaned_data["stage"],
                    lost_reason=form.cleaned_data["lost_reason"],
                )
            except ValidationError as invalid:
                error = " ".join(invalid.messages)
        else:
            error = _("Choose a stage.")
        if wants_json:
            if error:
                return JsonResponse({"ok": False, "error": error}, status=400)
            return JsonResponse({"ok": True, "stage": opportunity.stage_id})
        if error:
            messages.error(request, error)
        return redirect("deals:opportunity_board")


class PipelineView(RoleRequiredMixin, TemplateView):
    """The team's open pipeline value per stage (managers: their team; admins: everyone)."""

    allowed_roles = frozenset({Role.MANAGER, Role.ADMIN})
    template_name = "deals/pipeline.html"

    def get_context_data(self, **kwargs):
        rows = selectors.team_pipeline(user=self.request.user)
        return {
            **super().get_context_data(**kwargs),
            "rows": rows,
            "total_count": sum(row["count"] for row in rows),
            "total_amount": sum((row["amount"] for row in rows), Decimal("0")),
            "total_weighted": sum((row["weighted"] for row in rows), Decimal("0")),
        }


# --- Order import in the browser ---------------------------------------------------------

IMPORT_ROLES = frozenset({Role.ADMIN})


class ImportUploadView(RoleRequiredMixin, FormView):
    """Upload an order file; the next page maps its columns."""

    allowed_roles = IMPORT_ROLES
    template_name = "deals/import_upload.html"
    form_class = ImportUploadForm

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "jobs": selectors.import_jobs(user=self.request.user)}

    def form_valid(self, form):
        try:
            job = import_jobs.import_job_create(actor=self.request.user, upload=form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error)
            return self.form_invalid(form)
        return redirect("deals:import_job", job.pk)


class ImportJobView(RoleRequiredMixin, TemplateView):
    """Map the columns, run the dry run, read its report, then import (in the background)."""

    allowed_roles = IMPORT_ROLES
    template_name = "deals/import_job.html"

    def dispatch(self, request, *args, **kwargs):
        if has_role(request.user, self.allowed_roles):
            self.job = selectors.import_job_for(user=request.user, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def form(self, data=None):
        initial = {
            **self.job.mapping,
            "create_missing": self.job.create_missing,
            "owner": self.job.owner_id,
            "payment_days": self.job.payment_days,
            "mark_paid": self.job.mark_paid,
        }
        return ImportMappingForm(data, headers=self.job.headers, user=self.request.user, initial=initial)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            **selectors.import_job_page(job=self.job),
            "form": kwargs.get("form") or self.form(),
        }

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        dry_run = request.POST.get("action") != "import"
        if form.is_valid():
            try:
                started = import_jobs.import_job_start(
                    job=self.job,
                    actor=request.user,
                    mapping=form.mapping(),
                    create_missing=form.cleaned_data["create_missing"],
                    owner=form.cleaned_data["owner"],
                    dry_run=dry_run,
                    payment_days=form.cleaned_data["payment_days"],
                    mark_paid=form.cleaned_data["mark_paid"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if not started:
                    messages.warning(request, _("This import is already running, or needs a dry run first."))
                return redirect("deals:import_job", self.job.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ImportProgressView(RoleRequiredMixin, TemplateView):
    """The progress fragment the job page polls (htmx); reloads the page once the job ends."""

    allowed_roles = IMPORT_ROLES
    template_name = "deals/_import_progress.html"

    def get(self, request, *args, **kwargs):
        job = selectors.import_job_for(user=request.user, pk=kwargs["pk"])
        response = self.render_to_response(selectors.import_job_page(job=job))
        if not job.is_running:
            response["HX-Refresh"] = "true"
        return response


class ProductListView(RoleRequiredMixin, ListView):
    """The catalogue with margins, so a rep knows which products are high-profit (高利润产品)."""

    template_name = "deals/product_list.html"
    context_object_name = "products"
    paginate_by = 50

    def get_queryset(self):
        self.filter_form = ProductFilterForm(self.request.GET or None, categories=selectors.product_categories())
        return selectors.product_list(**self.filter_form.selector_arguments())

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "filter_form": self.filter_form}
