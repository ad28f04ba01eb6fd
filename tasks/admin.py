from django.contrib import admin

from .models import Task


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ("title", "account", "owner", "due_on", "done_at")
    list_select_related = ("account", "owner")
    list_filter = ("due_on",)
    search_fields = ("title", "account__name", "account__code")
    raw_id_fields = ("account", "contact", "opportunity", "visit", "owner", "created_by", "done_by")
