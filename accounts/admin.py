from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Account, AccountTeamMember


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
