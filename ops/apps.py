from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """What an operator runs the product by: health, metrics, request ids in the logs.

    At the top of the layers, like the dashboard: it reads every app's figures for the
    metrics, and no app imports it (its middleware and logging filter come in by settings).
    """

    name = "ops"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from . import celery_signals  # noqa: F401 (connects the task signals)
