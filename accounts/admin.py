from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from . import changes, services
from .duplicates import match_keys
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
        for field, value in match_keys(name=obj.name, phone=obj.phone).items():
            setattr(obj, field, value)
        super().save_model(request, obj, form, change)  # the admin's change view is one transaction
        if not change:
            changes.accounts_created(account_ids=[obj.pk])
        elif "owner" in form.changed_data:
            changes.owners_changed(moves={obj.pk: form.initial["owner"]}, actor=request.user)
        if change and "region" in form.changed_data:
            changes.regions_changed(account_ids=[obj.pk])


@admin.register(AccountPlan)
class AccountPlanAdmin(SimpleHistoryAdmin):
    """The plan is core info: opening it here, or its history, is logged as on the account page."""

    list_display = ("account", "review_on", "updated_at")
    list_select_related = ("account",)
    search_fields = ("account__code", "account__name")
    raw_id_fields = ("account",)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._log_opening(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        self._log_opening(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def _log_opening(self, request, object_id) -> None:
        plan = self.get_object(request, object_id)
        if plan is not None and request.method == "GET":
            services.core_info_opened(account=plan.account, user=request.user)


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
