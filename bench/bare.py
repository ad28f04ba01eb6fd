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


def account_list(request):
    return render_rows(
        """SELECT a.code, a.name, a.short_name, a.industry, u.first_name, u.last_name, a.updated_at
           FROM accounts_account a JOIN users_user u ON u.id = a.owner_id
           ORDER BY a.name, a.code LIMIT 25"""
    )


def account_detail(request, pk: int):
    return render_rows(
        """SELECT a.code, a.name, a.short_name, a.industry, a.region, a.address, a.phone, a.email,
                  a.website, a.updated_at, u.first_name, u.last_name
           FROM accounts_account a JOIN users_user u ON u.id = a.owner_id WHERE a.id = %s""",
        [pk],
    )


urlpatterns = [
    path("__bench__/accounts/", account_list, name="bare-account-list"),
    path("__bench__/accounts/<int:pk>/", account_detail, name="bare-account-detail"),
    path("", include("config.urls")),
]
