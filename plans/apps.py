from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Account plans")

    def ready(self) -> None:
        from accounts import panels
        from accounts.visibility import CORE_INFO
        from users import navigation

        from .permissions import PLAN_REVIEWERS

        panels.register(
            panels.AccountPanel(
                "objectives", _("Objectives and actions"), "plans:account_panel", order=31, action=CORE_INFO
            )
        )
        navigation.register(
            navigation.NavItem(_("Account plans"), "plans:list", "clipboard-data", PLAN_REVIEWERS, 15, _("Accounts"))
        )
