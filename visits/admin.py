from django.contrib import admin

from accounts.models import Account

from .models import Cadence, Complaint, Holiday, PlanItem, Visit
from .schedule import schedules_refresh


class RefreshesSchedules:
    """Admin edits of cadences and visits move due dates: the stored schedule follows at once
    (for the accounts concerned), rather than at the next hourly refresh."""

    def accounts_concerned(self, objects):
        return Account.objects.all()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        schedules_refresh(self.accounts_concerned([obj]))

    def delete_model(self, request, obj):
        accounts = list(self.accounts_concerned([obj]).values_list("pk", flat=True))
        super().delete_model(request, obj)
        schedules_refresh(Account.objects.filter(pk__in=accounts))

    def delete_queryset(self, request, queryset):
        accounts = list(self.accounts_concerned(queryset).values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        schedules_refresh(Account.objects.filter(pk__in=accounts))


@admin.register(Cadence)
class CadenceAdmin(RefreshesSchedules, admin.ModelAdmin):
    """Where an admin configures how often each tier, level and prospect decision is visited."""

    list_display = ("__str__", "tier", "level", "prospect_decision", "interval_days", "preferred_time")
    list_editable = ("interval_days", "preferred_time")
    list_display_links = ("__str__",)


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ("date", "name", "name_zh_hans", "remind_days_before")


@admin.register(Visit)
class VisitAdmin(RefreshesSchedules, admin.ModelAdmin):
    list_display = ("account", "visited_on", "purpose", "rep", "next_follow_up")
    list_select_related = ("account", "rep")
    raw_id_fields = ("account",)
    date_hierarchy = "visited_on"

    def accounts_concerned(self, objects):
        return Account.objects.filter(pk__in={visit.account_id for visit in objects})


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
