from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Contact, ContactRole


class ContactRoleInline(admin.TabularInline):
    model = ContactRole
    extra = 0


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    list_display = ("name", "title", "account", "layer", "stance", "left_company")
    list_filter = ("layer", "stance", "left_company")
    list_select_related = ("account",)
    search_fields = ("name", "english_name", "mobile", "email", "account__code", "account__name")
    raw_id_fields = ("account", "reports_to", "backed_competitor")
    autocomplete_fields = ("relationship_owner",)
    inlines = [ContactRoleInline]
