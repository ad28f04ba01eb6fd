from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StewardshipConfig(AppConfig):
    name = "stewardship"
    verbose_name = _("Account stewardship")

    def ready(self) -> None:
        from users import navigation
        from users.models import Role

        navigation.register(
            navigation.NavItem(
                _("Hand over accounts"),
                "stewardship:handovers",
                "arrow-left-right",
                frozenset({Role.MANAGER, Role.ADMIN}),
                order=15,
                menu=_("Accounts"),
            )
        )
        navigation.register(
            navigation.NavItem(
                _("Merge accounts"), "stewardship:merge", "union", frozenset({Role.ADMIN}), order=16, menu=_("Accounts")
            )
        )
