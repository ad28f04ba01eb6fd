from django.contrib import admin

from .models import Cadence, Complaint, Holiday, PlanItem, Visit


@admin.register(Cadence)
class CadenceAdmin(admin.ModelAdmin):
    """Where an admin configures how often each tier, level and prospect decision is visited."""

    list_display = ("__str__", "tier", "level", "prospect_decision", "interval_days", "preferred_time")
    list_editable = ("interval_days", "preferred_time")
    list_display_links = ("__str__",)


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ("date", "name", "name_zh_hans", "remind_days_before")


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin):
    list_display = ("account", "visited_on", "purpose", "rep", "next_follow_up")
    list_select_related = ("account", "rep")
    raw_id_fields = ("account",)
    date_hierarchy = "visited_on"


@admin.register(PlanItem)
class PlanItemAdmin(admin.ModelAdmin):
    list_display = ("account", "rep", "planned_on", "status")
    list_select_related = ("account", "rep")
    raw_id_fields = ("account", "visit")


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    list_display = ("subject", "account", "severity", "owner", "opened_at", "resolved_at", "outcome")
    list_select_related = ("account", "owner")
    raw_id_fields = ("account",)
