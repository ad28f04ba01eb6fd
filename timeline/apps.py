from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class TimelineConfig(AppConfig):
    name = "timeline"
    verbose_name = pgettext_lazy("account page", "Timeline")

    def ready(self) -> None:
        from accounts import panels

        panels.register(
            panels.AccountPanel(
                "timeline", pgettext_lazy("account page", "Timeline"), "timeline:account_panel", order=5
            )
        )
