from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .coverage import coverage_refresh
from .models import Contact, ContactRole, InfluenceLink


class ContactRoleInline(admin.TabularInline):
    model = ContactRole
    extra = 0


class InfluenceLinkInline(admin.TabularInline):
    """Whom the contact influences; the model's ``clean`` keeps both at the same account."""

    model = InfluenceLink
    fk_name = "source"
    extra = 0
    raw_id_fields = ("target",)


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    list_display = ("name", "title", "account", "layer", "stance", "left_company")
    list_filter = ("layer", "stance", "left_company")
    list_select_related = ("account",)
    search_fields = ("name", "english_name", "mobile", "email", "account__code", "account__name")
    raw_id_fields = ("account", "reports_to", "backed_competitor")
    autocomplete_fields = ("relationship_owner",)
    inlines = [ContactRoleInline, InfluenceLinkInline]

    # The admin writes contacts and roles without the services: it refreshes the stored
    # coverage of the accounts it touched as they do (``contacts.coverage``).
    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        before = form.initial.get("account")  # a contact moved to another account leaves the old one
        coverage_refresh(account_ids=[pk for pk in (form.instance.account_id, before) if pk is not None])

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        coverage_refresh(account_ids=[obj.account_id])

    def delete_queryset(self, request, queryset):
        account_ids = list(queryset.values_list("account_id", flat=True))
        super().delete_queryset(request, queryset)
        coverage_refresh(account_ids=account_ids)
