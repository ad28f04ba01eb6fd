from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = _("Tiering and scoring")

    def ready(self) -> None:
        from accounts import changes, list_columns, panels
        from users import navigation
        from users.models import Role

        from .services import owner_figures_refresh

        # The latest run's totals are added up again whole (one statement over its results),
        # whichever owners' accounts moved.
        changes.on_owners_changed("scoring.owner_figures", lambda owner_ids: owner_figures_refresh())
        changes.on_regions_changed("scoring.owner_figures", lambda owner_ids: owner_figures_refresh())
        panels.register(panels.AccountPanel("tiering", _("Tiering"), "scoring:account_panel", order=40))
        # The latest run's tier and measure (net revenue of the run's window, 12 months by default).
        list_columns.register(list_columns.ListColumn("tier", _("Tier"), "standing__abc_tier", order=10))
        list_columns.register(
            list_columns.ListColumn("revenue", _("12-month revenue"), "standing__measure", kind="money", order=20)
        )
        navigation.register(
            navigation.NavItem(
                _("Scoring configuration"),
                "scoring:config",
                "sliders",
                roles=frozenset({Role.ADMIN}),
                order=801,
                menu=_("Administration"),
            )
        )
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
