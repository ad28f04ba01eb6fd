from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DealsConfig(AppConfig):
    name = "deals"
    verbose_name = _("Deals and orders")

    def ready(self) -> None:
        from accounts import panels
        from users import navigation

        navigation.register(navigation.NavItem(_("Orders"), "deals:order_list", "receipt", order=30))
        panels.register(panels.AccountPanel("orders", _("Orders"), "deals:account_panel", order=30))
