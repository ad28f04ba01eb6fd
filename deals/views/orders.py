"""Orders and payments: the list, entering an order, its page, payments, marking paid, cancelling, the account's tab."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from accounts.visibility import CHANGE, get_account_for
from imports.exports import ExportMixin
from users.bounds import page_number
from users.permissions import ALL_ROLES, SELLING_ROLES, RoleRequiredMixin, has_role, sells

from .. import exports, pipeline, selectors, services
from ..forms import (
    OrderForm,
    OrderLineFormSet,
    PaymentForm,
)
from ..models import OrderStatus


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
        page = page_number(self.request.GET.get("page"))
        account = None
        if self.request.GET.get("account", "").isdigit():
            account = get_account_for(self.request.user, int(self.request.GET["account"]))
        visible = selectors.order_list(user=self.request.user, account=account, open_only=open_only)
        orders = list(visible[(page - 1) * self.per_page : page * self.per_page + 1])
        if not orders and page > 1:
            # Past the end (an old link, a typed number): the last page, counted only now.
            page = max(1, -(-visible.count() // self.per_page))
            orders = list(visible[(page - 1) * self.per_page : page * self.per_page + 1])
        return {
            **super().get_context_data(**kwargs),
            "orders": orders[: self.per_page],
            "account": account,
            "open_only": open_only,
            "page": page,
            "has_previous": page > 1,
            "has_next": len(orders) > self.per_page,
        }


class OrderExportView(RoleRequiredMixin, ExportMixin, View):
    """The order list as filtered (account, unpaid), one row per line in the import's columns."""

    export_name = "orders"
    list_url_name = "deals:order_list"

    def export_queryset(self, request):
        account = None
        if request.GET.get("account", "").isdigit():
            account = get_account_for(request.user, int(request.GET["account"]))
        orders = selectors.order_list(user=request.user, account=account, open_only=request.GET.get("open") == "1")
        return selectors.order_line_export(orders=orders)

    def export_dataset(self, rows):
        return exports.order_lines_dataset(rows)


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
            "opportunities": pipeline.account_opportunities(user=self.request.user, account=account),
            "receivables": receivables,
            "habits": habits,
            "can_order": sells(self.request.user),
        }
