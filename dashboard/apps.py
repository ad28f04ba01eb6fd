from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = _("Dashboard")

    def ready(self) -> None:
        from accounts import panels
        from users import navigation

        from .account_head import account_head

        panels.register_head(panels.AccountHead("dashboard/_account_head.html", account_head))

        from users.models import Role

        # The people with a book of their own; an admin's home is the dashboard.
        navigation.register(
            navigation.NavItem(_("My day"), "dashboard:home", "sun", roles={Role.REP, Role.MANAGER}, order=4)
        )
        navigation.register(navigation.NavItem(_("Dashboard"), "dashboard:index", "speedometer2", order=5))
        navigation.register(
            navigation.NavItem(
                _("Targets"),
                "dashboard:targets",
                "bullseye",
                roles={Role.MANAGER, Role.ADMIN},
                order=35,
                menu=_("Sales"),
            )
        )
