from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Team, User
from .regions import RegionChoiceField
from .services import deactivation_refusal


class DeactivationForm(UserChangeForm):
    """Deactivating someone who still owns accounts asks for their hand-over first: accounts
    of an inactive owner would be seen by nobody who works them."""

    def clean_is_active(self) -> bool:
        active = self.cleaned_data["is_active"]
        if not active and self.instance.pk and self.instance.is_active:
            refusal = deactivation_refusal(self.instance)
            if refusal:
                raise ValidationError(refusal)
        return active


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = DeactivationForm
    list_display = ("username", "first_name", "last_name", "role", "team", "is_active")
    list_filter = ("role", "team", "is_active")
    list_select_related = ("team",)
    search_fields = ("username", "first_name", "last_name", "email")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Sales organisation"), {"fields": ("role", "team", "region", "approval_limit", "language")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Sales organisation"), {"fields": ("role", "team", "region", "approval_limit")}),
    )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "region":  # areas under their region's name, in one query
            return RegionChoiceField(label=db_field.verbose_name, help_text=db_field.help_text)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "manager")
    list_select_related = ("manager",)
