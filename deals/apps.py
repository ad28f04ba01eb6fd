from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DealsConfig(AppConfig):
    name = "deals"
    verbose_name = _("Deals and orders")

    def ready(self) -> None:
        from accounts import changes, panels
        from users import navigation
        from users.models import Role

        from .revenue import owner_revenue_refresh

        # The monthly revenue counts every account's orders under its current owner.
        changes.on_owners_changed("deals.owner_revenue", owner_revenue_refresh)
        navigation.register(navigation.NavItem(_("Orders"), "deals:order_list", "receipt", order=30, menu=_("Sales")))
        navigation.register(
            navigation.NavItem(_("Products"), "deals:product_list", "box-seam", order=34, menu=_("Sales"))
        )
        navigation.register(
            navigation.NavItem(_("Opportunities"), "deals:opportunity_board", "kanban", order=31, menu=_("Sales"))
        )
        navigation.register(
            navigation.NavItem(
                _("Pipeline"),
                "deals:pipeline",
                "funnel",
                roles=frozenset({Role.MANAGER, Role.ADMIN}),
                order=32,
                menu=_("Sales"),
            )
        )
        navigation.register(
            navigation.NavItem(
                _("Import orders"),
                "deals:import_upload",
                "upload",
                roles=frozenset({Role.ADMIN}),
                order=33,
                menu=_("Sales"),
            )
        )
        panels.register(panels.AccountPanel("orders", _("Orders"), "deals:account_panel", order=30))
