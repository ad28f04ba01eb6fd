from django.contrib import admin

from .models import AccountRating, AccountStanding, ScoringConfig, ScoringRun


@admin.register(ScoringRun)
class ScoringRunAdmin(admin.ModelAdmin):
    list_display = ["as_of", "status", "trigger", "accounts_count", "duration_ms", "finished_at"]
    list_filter = ["status", "trigger"]
    date_hierarchy = "as_of"
    # Runs are written by the scoring service only (atomic, idempotent): read them here.
    readonly_fields = [field.name for field in ScoringRun._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(AccountStanding)
class AccountStandingAdmin(admin.ModelAdmin):
    list_display = ["account", "abc_tier", "level", "score", "previous_abc_tier", "updated_at"]
    list_filter = ["abc_tier", "level"]
    list_select_related = ["account"]
    search_fields = ["account__name", "account__code"]
    readonly_fields = [field.name for field in AccountStanding._meta.fields]

    def has_add_permission(self, request):
        return False


admin.site.register(ScoringConfig)
admin.site.register(AccountRating, list_display=["account", "needs_match", "price_sensitivity", "updated_at"])
