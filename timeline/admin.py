from django.contrib import admin

from .models import AccountNote


@admin.register(AccountNote)
class AccountNoteAdmin(admin.ModelAdmin):
    list_display = ("account", "author", "created_at")
    list_select_related = ("account", "author")
    raw_id_fields = ("account", "author")
    search_fields = ("text", "account__name", "account__code")
