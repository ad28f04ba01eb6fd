from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UsersConfig(AppConfig):
    name = "users"
    verbose_name = _("Users and teams")

    def ready(self) -> None:
        from . import navigation
        from .models import Role

        navigation.register(
            navigation.NavItem(
                _("System administration"),
                "admin:index",
                "gear",
                roles=frozenset({Role.ADMIN}),
                order=900,
                menu=_("Administration"),
            )
        )
        navigation.register(
            navigation.NavItem(
                _("Regions"), "regions", "geo-alt", roles=frozenset({Role.ADMIN}), order=880, menu=_("Administration")
            )
        )
