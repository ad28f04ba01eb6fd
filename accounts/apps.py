from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Customer archive")

    def ready(self) -> None:
        from users import navigation

        navigation.register(navigation.NavItem(_("Accounts"), "accounts:list", "briefcase", order=10))
