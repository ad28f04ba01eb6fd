"""Credit records in the admin: for looking things up. Decisions, limits and write-offs are
made through the credit pages (services), which keep the timeline and the liabilities."""

from django.contrib import admin

from users.admin_read_only import ReadOnlyAdmin, ReadOnlyInline

from .models import (
    CreditInvestigation,
    CreditLimit,
    CreditRequest,
    CreditRequestEvent,
    CreditReview,
    HoldOverride,
    WriteOff,
)


class EventInline(ReadOnlyInline):
    model = CreditRequestEvent
    readonly_fields = ("actor", "from_status", "to_status", "comment", "created_at")


@admin.register(CreditRequest)
class CreditRequestAdmin(ReadOnlyAdmin):
    list_display = ("account", "requested_limit", "status", "route", "requested_by", "decided_by", "submitted_at")
    list_filter = ("status", "route")
    list_select_related = ("account", "requested_by", "decided_by")
    search_fields = ("account__name", "account__code")
    inlines = [EventInline]


@admin.register(CreditInvestigation)
class CreditInvestigationAdmin(ReadOnlyAdmin):
    list_display = ("account", "investigated_on", "rating", "score", "suggested_limit", "author")
    list_select_related = ("account", "author")
    search_fields = ("account__name", "account__code")


@admin.register(CreditLimit)
class CreditLimitAdmin(ReadOnlyAdmin):
    list_display = ("account", "amount", "payment_terms_days", "effective_from", "set_by", "below_exposure_confirmed")
    list_select_related = ("account", "set_by")
    search_fields = ("account__name", "account__code")


@admin.register(CreditReview)
class CreditReviewAdmin(ReadOnlyAdmin):
    list_display = ("account", "trigger", "opened_on", "status")
    list_filter = ("status", "trigger")
    list_select_related = ("account",)


@admin.register(HoldOverride)
class HoldOverrideAdmin(ReadOnlyAdmin):
    list_display = ("account", "order", "actor", "limit_amount", "exposure", "created_at")
    list_select_related = ("account", "order", "actor")


@admin.register(WriteOff)
class WriteOffAdmin(ReadOnlyAdmin):
    list_display = ("account", "amount", "written_off_on", "within_limit", "recorded_by")
    list_select_related = ("account", "recorded_by")
