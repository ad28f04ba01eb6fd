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
