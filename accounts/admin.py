from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from . import changes
from .models import Account, AccountPlan, AccountTeamMember, Competitor, CoreInfoAccess, FinancialYear


class AccountTeamMemberInline(admin.TabularInline):
    model = AccountTeamMember
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Account)
class AccountAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "industry", "owner", "lifecycle", "updated_at")
    list_filter = ("industry", "lifecycle")
    list_select_related = ("owner",)
    search_fields = ("code", "name", "short_name")
    autocomplete_fields = ("owner",)
    inlines = [AccountTeamMemberInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # as the account form does

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)  # the admin's change view is one transaction
        if not change:
            changes.accounts_created(account_ids=[obj.pk])
        elif "owner" in form.changed_data:
            changes.owners_changed()


@admin.register(AccountPlan)
class AccountPlanAdmin(SimpleHistoryAdmin):
    list_display = ("account", "review_on", "updated_at")
    list_select_related = ("account",)
    search_fields = ("account__code", "account__name")
    raw_id_fields = ("account",)


@admin.register(FinancialYear)
class FinancialYearAdmin(SimpleHistoryAdmin):
    list_display = ("account", "year", "revenue", "net_profit")
    list_select_related = ("account",)
    search_fields = ("account__code", "account__name")
    raw_id_fields = ("account",)


@admin.register(Competitor)
class CompetitorAdmin(SimpleHistoryAdmin):
    list_display = ("name", "account")
    list_select_related = ("account",)
    search_fields = ("name", "account__code", "account__name")
    raw_id_fields = ("account",)


@admin.register(CoreInfoAccess)
class CoreInfoAccessAdmin(admin.ModelAdmin):
    """The access log is evidence: read it, never edit it."""

    list_display = ("opened_at", "user", "account")
    list_filter = ("opened_at",)
    list_select_related = ("account", "user")
    search_fields = ("account__code", "account__name", "user__username")
    date_hierarchy = "opened_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
