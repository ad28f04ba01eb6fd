"""What every bare view shares: one query, one minimal template, the visibility rule in SQL."""

from __future__ import annotations

from django.db import connection
from django.http import HttpResponse
from django.template import Context, Template

ROWS = Template(
    "<table>{% for row in rows %}<tr>{% for cell in row %}<td>{{ cell }}</td>{% endfor %}</tr>{% endfor %}</table>"
)


def render_rows(sql: str, params=()) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return HttpResponse(ROWS.render(Context({"rows": rows})))


def visibility_sql(user) -> tuple[str, list]:
    """The visibility rule written out in SQL, so the bare list holds the same rows."""
    if user.sees_all_accounts:
        return "TRUE", []
    rule = """(a.owner_id = %s OR EXISTS (SELECT 1 FROM accounts_accountteammember m
               WHERE m.account_id = a.id AND m.user_id = %s)"""
    params = [user.pk, user.pk]
    if user.is_manager:
        rule += " OR u.team_id IN (SELECT id FROM users_team WHERE manager_id = %s)"
        params.append(user.pk)
    return rule + ")", params
