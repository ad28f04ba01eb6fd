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
