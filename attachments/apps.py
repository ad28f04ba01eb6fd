from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttachmentsConfig(AppConfig):
    name = "attachments"
    verbose_name = _("Attachments")

    def ready(self) -> None:
        from accounts import panels

        panels.register(panels.AccountPanel("documents", _("Documents"), "attachments:account_panel", order=80))
