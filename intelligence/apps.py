from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntelligenceConfig(AppConfig):
    name = "intelligence"
    verbose_name = _("Account intelligence")

    def ready(self) -> None:
        from accounts import panels
        from users import navigation
        from users.models import Role

        panels.register(
            panels.AccountPanel("intelligence", _("Health and whitespace"), "intelligence:account_panel", order=45)
        )
        navigation.register(
            navigation.NavItem(
                _("Whitespace"),
                "intelligence:whitespace_matrix",
                "grid-3x3",
                roles=frozenset({Role.MANAGER, Role.ADMIN}),
                order=350,
                menu=_("Accounts"),
            )
        )
