"""Configuration an admin keeps in the Django admin: the product catalogue and the pipeline.
Orders, their lines, payments and write-offs are shown read-only: money is written by the
services only, which keep the stored receivables and credit positions in step."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from users.admin_read_only import ReadOnlyAdmin, ReadOnlyInline

from .models import Opportunity, Order, OrderLine, OrderWriteOff, Payment, PipelineStage, Product


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "category", "unit_price", "unit_cost", "margin_percent", "high_profit", "is_active")
    list_filter = ("category", "is_active")
    search_fields = ("code", "name")

    @admin.display(description=_("margin"))
    def margin_percent(self, product: Product) -> str:
        return "—" if product.margin is None else f"{product.margin:.0%}"

    @admin.display(description=_("high-profit"), boolean=True)
    def high_profit(self, product: Product) -> bool:
        return product.is_high_profit


@admin.register(PipelineStage)
class PipelineStageAdmin(admin.ModelAdmin):
    list_display = ("position", "name", "probability", "outcome", "is_active")
    list_editable = ("name", "probability", "outcome", "is_active")
    list_display_links = ("position",)


class OrderLineInline(ReadOnlyInline):
    model = OrderLine
    fields = ("line_number", "product", "quantity", "unit_price", "unit_cost")


class PaymentInline(ReadOnlyInline):
    model = Payment
    fields = ("paid_on", "amount", "recorded_by")


class OrderWriteOffInline(ReadOnlyInline):
    model = OrderWriteOff
    fields = ("written_off_on", "amount")


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    list_display = ("number", "account", "order_date", "due_date", "status")
    list_filter = ("status",)
    search_fields = ("number", "account__code", "account__name")
    raw_id_fields = ("account", "created_by")
    date_hierarchy = "order_date"
    inlines = [OrderLineInline, PaymentInline, OrderWriteOffInline]


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin):
    list_display = ("name", "account", "stage", "amount", "expected_close", "owner")
    list_filter = ("stage",)
    search_fields = ("name", "account__code", "account__name")
    raw_id_fields = ("account", "owner")
