from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = _("Visits and follow-ups")

    def ready(self) -> None:
        from accounts import changes, list_columns, panels
        from users import navigation
        from users.permissions import ADMINS

        from .permissions import PLAN_VIEWERS, TEAM_PLAN_VIEWERS
        from .schedule import schedules_follow_moves
        from .services import plan_items_follow_moves

        # An account given to another rep leaves its previous owner's future plan, and its
        # stored schedule (by which each rep's overdue accounts are counted) follows it.
        changes.on_moved("visits.plan", plan_items_follow_moves)
        changes.on_moved("visits.schedule", schedules_follow_moves)

        navigation.register(
            navigation.NavItem(_("Visit plan"), "visits:plan", "calendar-check", PLAN_VIEWERS, 40, _("Visits"))
        )
        navigation.register(
            navigation.NavItem(_("Team plans"), "visits:team_plan", "people", TEAM_PLAN_VIEWERS, 41, _("Visits"))
        )
        navigation.register(
            navigation.NavItem(_("Complaints"), "visits:complaint_list", "megaphone", order=45, menu=_("Visits"))
        )
        navigation.register(
            navigation.NavItem(
                _("Visit cadences and holidays"), "visits:settings", "calendar3", ADMINS, 805, _("Administration")
            )
        )
        panels.register(panels.AccountPanel("visits", _("Visits"), "visits:account_panel", order=40))
        for key, label, field, order, overdue in (
            ("last_visit", _("Last visit"), "visit_schedule__last_visited", 30, False),
            ("next_visit", _("Next visit"), "visit_schedule__next_due", 40, True),
        ):
            list_columns.register(
                list_columns.ListColumn(key, label, field, kind="date", order=order, overdue_before_today=overdue)
            )
