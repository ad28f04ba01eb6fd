"""Configuration an admin keeps in the Django admin: the product catalogue and the pipeline."""

from django.contrib import admin

from .models import Opportunity, Order, OrderLine, Payment, PipelineStage, Product


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "category", "unit_price", "unit_cost", "is_active")
    list_filter = ("category", "is_active")
    search_fields = ("code", "name")


@admin.register(PipelineStage)
class PipelineStageAdmin(admin.ModelAdmin):
    list_display = ("position", "name", "probability", "outcome", "is_active")
    list_editable = ("name", "probability", "outcome", "is_active")
    list_display_links = ("position",)


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    extra = 0
    raw_id_fields = ("product",)


class PaymentInline(admin.TabularInline):
    model = Payment
    extra = 0
    raw_id_fields = ("recorded_by",)


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ("number", "account", "order_date", "due_date", "status")
    list_filter = ("status",)
    search_fields = ("number", "account__code", "account__name")
    raw_id_fields = ("account", "created_by")
    date_hierarchy = "order_date"
    inlines = [OrderLineInline, PaymentInline]


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin):
    list_display = ("name", "account", "stage", "amount", "expected_close", "owner")
    list_filter = ("stage",)
    search_fields = ("name", "account__code", "account__name")
    raw_id_fields = ("account", "owner")
