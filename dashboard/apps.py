from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = _("Dashboard")

    def ready(self) -> None:
        from users import navigation

        navigation.register(navigation.NavItem(_("Dashboard"), "dashboard:index", "speedometer2", order=5))
