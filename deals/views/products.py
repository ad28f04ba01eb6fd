"""Products: the catalogue list and the picker an order line searches."""

from __future__ import annotations

from django.views import View
from django.views.generic import ListView, TemplateView

from imports.exports import ExportMixin
from users.pagination import LastPageMixin
from users.permissions import SELLING_ROLES, RoleRequiredMixin

from .. import selectors
from ..forms import (
    ProductFilterForm,
)


class ProductOptionsView(RoleRequiredMixin, TemplateView):
    """The order form's product picker: the <option>s matching what was typed (GET ?q=)."""

    allowed_roles = SELLING_ROLES
    template_name = "deals/_product_options.html"

    def get_context_data(self, **kwargs):
        return {"options": selectors.product_options(search=self.request.GET.get("q", "")[:100])}


class ProductListView(RoleRequiredMixin, LastPageMixin, ListView):
    """The catalogue with margins, so a rep knows which products are high-profit (高利润产品)."""

    template_name = "deals/product_list.html"
    context_object_name = "products"
    paginate_by = 50

    def get_queryset(self):
        self.filter_form = ProductFilterForm(self.request.GET or None, categories=selectors.product_categories())
        return selectors.product_list(**self.filter_form.selector_arguments())

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "filter_form": self.filter_form}


class ProductExportView(RoleRequiredMixin, ExportMixin, View):
    """The catalogue as the product list searched and filtered it."""

    export_name = "products"
    list_url_name = "deals:product_list"
    export_columns = {
        "code": "code",
        "name": "name",
        "category": "category",
        "unit_price": "unit_price",
        "unit_cost": "unit_cost",
        "margin": "margin",
    }

    def export_queryset(self, request):
        filter_form = ProductFilterForm(request.GET or None, categories=selectors.product_categories())
        return selectors.product_list(**filter_form.selector_arguments())
