from django.contrib import admin

from .models import Attachment


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ("name", "account", "content_type", "size", "uploaded_by", "uploaded_at", "deleted_at")
    list_select_related = ("account", "uploaded_by")
    readonly_fields = [field.name for field in Attachment._meta.fields]
    search_fields = ("name", "account__name", "account__code")

    def has_add_permission(self, request):
        return False  # uploads go through the checked upload, never past it
