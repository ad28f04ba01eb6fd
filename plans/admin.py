from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Objective, PlanAction


@admin.register(Objective)
class ObjectiveAdmin(SimpleHistoryAdmin):
    list_display = ("title", "account", "kind", "target", "due_on", "status")
    list_filter = ("kind", "status")
    raw_id_fields = ("account", "created_by")


@admin.register(PlanAction)
class PlanActionAdmin(SimpleHistoryAdmin):
    list_display = ("title", "account", "owner", "due_on", "done_at")
    raw_id_fields = ("account", "objective", "owner", "opportunity", "visit", "created_by", "done_by")
