from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "tasks"
    verbose_name = _("Tasks")

    def ready(self) -> None:
        from accounts import panels
        from users import navigation
        from users.permissions import SELLING_ROLES

        from .permissions import TEAM_VIEWERS

        navigation.register(
            navigation.NavItem(_("My tasks"), "tasks:mine", "check2-square", SELLING_ROLES, 42, _("Visits"))
        )
        navigation.register(
            navigation.NavItem(_("Team tasks"), "tasks:team", "list-check", TEAM_VIEWERS, 43, _("Visits"))
        )
        panels.register(panels.AccountPanel("tasks", _("Tasks"), "tasks:account_panel", order=45))
