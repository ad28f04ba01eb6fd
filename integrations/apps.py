from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    name = "integrations"
    verbose_name = _("Integrations")

    def ready(self) -> None:
        from users import events, navigation, notifications
        from users.permissions import ADMINS

        from . import tasks, webhooks

        # Every notification may also go to chat robots; every business event to webhooks.
        notifications.register_channel("integrations.chat", tasks.fan_out_notifications)
        events.register("integrations.webhooks", events.Listener(wants=webhooks.wants, receive=webhooks.receive))

        navigation.register(
            navigation.NavItem(_("Chat channels"), "integrations:channels", "chat-dots", order=90, menu=_("Settings"))
        )
        navigation.register(
            navigation.NavItem(_("Webhooks"), "integrations:webhooks", "broadcast", ADMINS, 96, _("Administration"))
        )
