from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = _("Tiering and scoring")

    def ready(self) -> None:
        from accounts import changes, panels
        from users import navigation
        from users.models import Role

        from .services import owner_figures_refresh

        changes.on_owners_changed("scoring.owner_figures", owner_figures_refresh)
        panels.register(panels.AccountPanel("tiering", _("Tiering"), "scoring:account_panel", order=40))
        navigation.register(
            navigation.NavItem(
                _("Scoring runs"),
                "scoring:runs",
                "sort-down",
                roles=frozenset({Role.ADMIN}),
                order=800,
                menu=_("Administration"),
            )
        )
