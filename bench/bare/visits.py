"""Bare twins of the visit plan, the team plan and the visits due."""

from __future__ import annotations

from django.utils import timezone

from visits.selectors import Period

from .common import render_rows, visibility_sql


def visit_plan(request):
    """The rep's plan for this week: items with their account, and the completion counts."""
    week = Period.containing(timezone.localdate(), "week")
    return render_rows(
        """SELECT p.id, p.planned_on, p.time_of_day, p.status, p.drop_reason, p.senior_should_join, a.id, a.name,
                  COUNT(*) FILTER (WHERE p.status <> 'dropped') OVER (),
                  COUNT(*) FILTER (WHERE p.status = 'done') OVER (),
                  COUNT(*) FILTER (WHERE p.status = 'dropped') OVER ()
           FROM visits_planitem p JOIN accounts_account a ON a.id = p.account_id
           LEFT JOIN visits_visit v ON v.id = p.visit_id
           WHERE p.rep_id = %s AND p.planned_on BETWEEN %s AND %s
           ORDER BY p.planned_on, p.time_of_day, a.name""",
        [request.user.pk, week.start, week.end],
    )


def team_plan(request):
    """The reps whose plans the user reviews, with this week's planned, done and dropped visits
    and how many of their accounts are overdue (by the stored schedule's copy of the owner)."""
    week, user = Period.containing(timezone.localdate(), "week"), request.user
    scope = "TRUE" if user.is_admin_role else "u.team_id IN (SELECT id FROM users_team WHERE manager_id = %s)"
    sql = f"""SELECT u.id, u.first_name, u.last_name, t.name, p.planned, p.done, p.dropped, COALESCE(d.overdue, 0)
              FROM users_user u LEFT JOIN users_team t ON t.id = u.team_id
              LEFT JOIN (SELECT rep_id, COUNT(*) FILTER (WHERE status <> 'dropped') AS planned,
                                COUNT(*) FILTER (WHERE status = 'done') AS done,
                                COUNT(*) FILTER (WHERE status = 'dropped') AS dropped
                         FROM visits_planitem WHERE planned_on BETWEEN %s AND %s GROUP BY rep_id) p ON p.rep_id = u.id
              LEFT JOIN (SELECT owner_id, COUNT(*) AS overdue FROM visits_visitschedule
                         WHERE next_due < %s GROUP BY owner_id) d ON d.owner_id = u.id
              WHERE u.is_active AND u.role = 'rep' AND {scope}
              ORDER BY t.name, u.last_name, u.first_name, u.username"""  # noqa: S608 — fixed fragments
    params = [week.start, week.end, timezone.localdate()]
    return render_rows(sql, params if user.is_admin_role else [*params, user.pk])


def visits_due(request):
    """The due list's first page: visible accounts by their stored next due visit, with owner and last visit."""
    where, params = visibility_sql(request.user)
    return render_rows(
        f"""SELECT a.id, a.name, u.first_name, u.last_name, s.last_visited, s.next_due, s.next_due < %s
            FROM visits_visitschedule s JOIN accounts_account a ON a.id = s.account_id
            JOIN users_user u ON u.id = a.owner_id
            WHERE s.next_due IS NOT NULL AND {where} ORDER BY s.next_due, a.name LIMIT 25""",  # noqa: S608
        [timezone.localdate(), *params],
    )
