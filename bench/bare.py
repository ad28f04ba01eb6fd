"""Bare views for the page benchmark: the same rows as a real page, fetched with one query
and rendered with a minimal template — the floor a page is measured against."""

from __future__ import annotations

from django.db import connection
from django.http import HttpResponse
from django.template import Context, Template
from django.urls import include, path

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


def account_list(request):
    """The list page's rows: visible accounts, searched like the page, first 25 by name."""
    where, params = visibility_sql(request.user)
    search = request.GET.get("q", "")
    if search:
        where += """ AND (UPPER(a.name) LIKE UPPER(%s) OR UPPER(a.short_name) LIKE UPPER(%s)
                     OR UPPER(a.code) = UPPER(%s))"""
        params += [f"%{search}%"] * 2 + [search]
    order = "a.updated_at DESC, a.code DESC" if request.GET.get("sort") == "-updated" else "a.name, a.code"
    return render_rows(
        f"""SELECT a.code, a.name, a.short_name, a.industry, u.first_name, u.last_name, a.updated_at
            FROM accounts_account a JOIN users_user u ON u.id = a.owner_id
            WHERE {where} ORDER BY {order} LIMIT 25""",  # noqa: S608 — fixed fragments, values are parameters
        params,
    )


def account_detail(request, pk: int):
    """The account page's data in one query: the account row with its owner, and the
    related rows the page lists (team, financial years, competitors, stages, negotiations)
    folded in as JSON arrays."""
    return render_rows(
        """SELECT a.*, u.first_name, u.last_name,
             (SELECT json_agg(m.*) FROM accounts_accountteammember m WHERE m.account_id = a.id),
             (SELECT json_agg(f.* ORDER BY f.year DESC) FROM accounts_financialyear f WHERE f.account_id = a.id),
             (SELECT json_agg(c.*) FROM accounts_competitor c WHERE c.account_id = a.id),
             (SELECT json_agg(s.*) FROM accounts_relationshipstagereached s WHERE s.account_id = a.id),
             (SELECT json_agg(n.*) FROM accounts_negotiationrecord n WHERE n.account_id = a.id)
           FROM accounts_account a JOIN users_user u ON u.id = a.owner_id WHERE a.id = %s""",
        [pk],
    )


urlpatterns = [
    path("__bench__/accounts/", account_list, name="bare-account-list"),
    path("__bench__/accounts/<int:pk>/", account_detail, name="bare-account-detail"),
    path("", include("config.urls")),
]
