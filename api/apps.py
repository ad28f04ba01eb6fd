from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("REST API")

    def ready(self) -> None:
        from users import navigation

        navigation.register(navigation.NavItem(_("API tokens"), "api_tokens:list", "key", order=91, menu=_("Settings")))
