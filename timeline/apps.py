from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TimelineConfig(AppConfig):
    name = "timeline"
    verbose_name = _("Timeline")

    def ready(self) -> None:
        from accounts import panels

        panels.register(panels.AccountPanel("timeline", _("Timeline"), "timeline:account_panel", order=5))
