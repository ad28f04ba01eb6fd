from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CreditConfig(AppConfig):
    name = "credit"
    verbose_name = _("Credit management")

    def ready(self) -> None:
        from accounts import changes, panels
        from deals import guards, receivables
        from users import navigation
        from users.permissions import ADMINS, CREDIT_OFFICERS, DECIDERS

        from . import holds
        from .ageing import owner_ageing_refresh
        from .positions import positions_refresh

        # Each account's stored credit position follows its receivables, opportunities and birth.
        receivables.register("credit.positions", positions_refresh)
        changes.on_created("credit.positions", positions_refresh)
        # The per-owner ageing counts every account under its current owner and region.
        changes.on_owners_changed("credit.owner_ageing", owner_ageing_refresh)
        changes.on_regions_changed("credit.owner_ageing", owner_ageing_refresh)

        navigation.register(
            navigation.NavItem(
                _("Credit"), "credit:overview", "shield-check", roles=DECIDERS, order=60, menu=_("Credit")
            )
        )
        navigation.register(
            navigation.NavItem(
                _("Credit approvals"), "credit:queue", "inbox", roles=DECIDERS, order=61, menu=_("Credit")
            )
        )
        navigation.register(
            navigation.NavItem(
                _("Decided requests"), "credit:decided", "check2-square", roles=DECIDERS, order=62, menu=_("Credit")
            )
        )
        navigation.register(
            navigation.NavItem(
                _("Held orders"), "credit:holds", "pause-circle", roles=CREDIT_OFFICERS, order=62, menu=_("Credit")
            )
        )
        navigation.register(
            navigation.NavItem(_("Credit policy"), "credit:policy", "sliders", ADMINS, 810, _("Administration"))
        )
        panels.register(panels.AccountPanel("credit", _("Credit"), "credit:account_panel", order=60))
        guards.register(
            guards.OrderGuard(
                name="credit_limit",
                check=holds.hold_check,
                record_hold=holds.hold_record,
                record_override=holds.hold_record_override,
                may_override=holds.may_override,
            )
        )
