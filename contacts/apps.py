from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "contacts"
    verbose_name = _("Buying committee")

    def ready(self) -> None:
        from accounts import panels
        from imports import registry
        from users import navigation

        from . import importing

        registry.register(importing.CONTACTS)

        panels.register(panels.AccountPanel("committee", _("Buying committee"), "contacts:committee", order=10))
        navigation.register(
            navigation.NavItem(_("Coverage"), "contacts:coverage", "diagram-3", order=20, menu=_("Accounts"))
        )
        navigation.register(navigation.NavItem(_("Search"), "contacts:search", "search", order=90))
