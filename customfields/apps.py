from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomFieldsConfig(AppConfig):
    name = "customfields"
    verbose_name = _("Custom fields")

    def ready(self) -> None:
        from users import navigation
        from users.permissions import ADMINS

        navigation.register(
            navigation.NavItem(
                _("Custom fields"), "customfields:list", "ui-checks", ADMINS, order=96, menu=_("Administration")
            )
        )
