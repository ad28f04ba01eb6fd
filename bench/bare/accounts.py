"""Bare twins of the account list and the account page."""

from __future__ import annotations

from .common import render_rows, visibility_sql


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
    """The account page's data in one query: the account row with its owner, and its team
    folded in as a JSON array (the other archive tabs load with their tab since 2026-12-06)."""
    return render_rows(
        """SELECT a.*, u.first_name, u.last_name,
             (SELECT json_agg(m.*) FROM accounts_accountteammember m WHERE m.account_id = a.id)
           FROM accounts_account a JOIN users_user u ON u.id = a.owner_id WHERE a.id = %s""",
        [pk],
    )
