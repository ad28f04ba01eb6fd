from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UsersConfig(AppConfig):
    name = "users"
    verbose_name = _("Users and teams")

    def ready(self) -> None:
        from django.contrib import admin

        from . import navigation
        from .models import Role

        # Admins work in the app's own pages; Django's admin is kept for superusers (repairs).
        admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser
        navigation.register(
            navigation.NavItem(
                _("Users and teams"), "people", "person-gear", frozenset({Role.ADMIN}), 799, _("Administration")
            )
        )
        navigation.register(
            navigation.NavItem(
                _("System administration"),
                "admin:index",
                "gear",
                roles=frozenset({Role.ADMIN}),
                order=900,
                menu=_("Administration"),
                superusers_only=True,
            )
        )
        navigation.register(
            navigation.NavItem(
                _("Regions"), "regions", "geo-alt", roles=frozenset({Role.ADMIN}), order=880, menu=_("Administration")
            )
        )
