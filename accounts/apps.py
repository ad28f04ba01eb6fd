from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Customer archive")

    def ready(self) -> None:
        from users import navigation

        from . import panels
        from .visibility import CORE_INFO

        panels.register(panels.AccountPanel("plan", _("Core info"), "accounts:plan", order=30, action=CORE_INFO))
        panels.register(panels.AccountPanel("history", _("History"), "accounts:history", order=90))

        from users.models import Role

        navigation.register(
            navigation.NavItem(_("Accounts"), "accounts:list", "briefcase", order=10, menu=_("Accounts"))
        )
        navigation.register(
            navigation.NavItem(
                _("Core-info log"),
                "accounts:core_info_log",
                "shield-lock",
                roles=frozenset({Role.ADMIN}),
                order=95,
                menu=_("Administration"),
            )
        )
