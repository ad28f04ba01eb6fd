"""Bare twins of the credit overview, the approval queue and the account's credit panel."""

from __future__ import annotations

from django.utils import timezone

from .common import render_rows, visibility_sql

CREDIT_FIGURES = """
SELECT a.id AS account_id, a.code, a.name, u.first_name, u.last_name, st.abc_tier AS tier,
       COALESCE(t.receivables, 0) - COALESCE((SELECT SUM(w.amount) FROM credit_writeoff w
                                               WHERE w.account_id = a.id), 0) AS exposure,
       COALESCE(t.overdue, 0) AS overdue_amount, t.oldest_due, COALESCE(t.sales, 0) AS sales_window,
       (SELECT cl.amount FROM credit_creditlimit cl WHERE cl.account_id = a.id AND cl.effective_from <= %s
        ORDER BY cl.effective_from DESC, cl.created_at DESC, cl.id DESC LIMIT 1) AS credit_limit
FROM accounts_account a JOIN users_user u ON u.id = a.owner_id
LEFT JOIN scoring_accountstanding st ON st.account_id = a.id
LEFT JOIN (
    SELECT o.account_id, SUM(ot.amount - ot.paid) AS receivables,
           SUM(CASE WHEN o.due_date < %s AND ot.amount > ot.paid THEN ot.amount - ot.paid ELSE 0 END) AS overdue,
           MIN(CASE WHEN o.due_date < %s AND ot.amount > ot.paid THEN o.due_date END) AS oldest_due,
           SUM(CASE WHEN o.order_date > %s THEN ot.amount ELSE 0 END) AS sales
    FROM deals_order o
    JOIN accounts_account a ON a.id = o.account_id JOIN users_user u ON u.id = a.owner_id
    LEFT JOIN (SELECT l.order_id, SUM(l.quantity * l.unit_price) AS amount
               FROM deals_orderline l JOIN deals_order o ON o.id = l.order_id
               JOIN accounts_account a ON a.id = o.account_id JOIN users_user u ON u.id = a.owner_id
               WHERE {scope} GROUP BY l.order_id) ol ON ol.order_id = o.id
    LEFT JOIN (SELECT p.order_id, SUM(p.amount) AS paid
               FROM deals_payment p JOIN deals_order o ON o.id = p.order_id
               JOIN accounts_account a ON a.id = o.account_id JOIN users_user u ON u.id = a.owner_id
               WHERE {scope} GROUP BY p.order_id) op ON op.order_id = o.id
    CROSS JOIN LATERAL (SELECT COALESCE(ol.amount, 0) AS amount, COALESCE(op.paid, 0) AS paid) ot
    WHERE o.status <> 'cancelled' AND {scope}
    GROUP BY o.account_id
) t ON t.account_id = a.id
WHERE {scope}"""


def _credit_params(scope_params: list) -> list:
    import datetime

    today = timezone.localdate()
    window = today - datetime.timedelta(days=365)
    return [today, today, today, window, *scope_params * 4]


def credit_overview(request):
    """The credit page's first 25 rows: visible accounts by their stored credit positions
    (exposed accounts without a limit first, then by utilisation, then the rest, by exposure),
    with the positions' figures of the day. One query."""
    where, params = visibility_sql(request.user)
    sql = f"""SELECT a.id, a.code, a.name, u.first_name, u.last_name, st.abc_tier, p.exposure, p.overdue_amount,
                     p.oldest_due, p.sales_window, p.credit_limit, p.utilisation
              FROM credit_creditposition p JOIN accounts_account a ON a.id = p.account_id
              JOIN users_user u ON u.id = a.owner_id
              LEFT JOIN scoring_accountstanding st ON st.account_id = a.id
              WHERE {where}
              ORDER BY p.rank_group, p.utilisation DESC, p.exposure DESC, p.account_id LIMIT 25"""  # noqa: S608 — fixed fragments, values are parameters
    return render_rows(sql, params)


def credit_queue(request):
    """The approver queue: submitted requests routed to the user, with their account's stored
    credit position."""
    user = request.user
    manager_route = "r.route = 'manager' AND r.assigned_manager_id = %s"
    route = manager_route if user.is_manager else "r.route = 'credit' AND %s > 0"
    where, params = visibility_sql(user)
    sql = f"""SELECT r.id, r.requested_limit, r.submitted_at, a.name, u.first_name, u.last_name, st.abc_tier,
                     p.exposure, p.credit_limit, p.utilisation, p.overdue_amount, p.oldest_due
              FROM credit_creditrequest r JOIN accounts_account a ON a.id = r.account_id
              JOIN users_user u ON u.id = a.owner_id
              LEFT JOIN credit_creditposition p ON p.account_id = a.id
              LEFT JOIN scoring_accountstanding st ON st.account_id = a.id
              WHERE r.status = 'submitted' AND {route} AND {where}
                AND r.requested_by_id <> %s AND a.owner_id <> %s
              ORDER BY r.submitted_at, r.id LIMIT 50"""  # noqa: S608 — fixed fragments, values are parameters
    return render_rows(sql, [user.pk, *params, user.pk, user.pk])


def credit_panel(request, pk: int):
    """The account credit tab in one query: the figures, and the limits, requests,
    investigations, reviews, write-offs and overrides it lists, as JSON arrays."""
    scope = "a.id = %s"
    sql = f"""SELECT f.*,
         (SELECT json_agg(x.*) FROM (SELECT * FROM credit_creditlimit WHERE account_id = %s
                                     ORDER BY effective_from DESC LIMIT 20) x),
         (SELECT json_agg(x.*) FROM (SELECT * FROM credit_creditrequest WHERE account_id = %s LIMIT 20) x),
         (SELECT json_agg(x.*) FROM (SELECT * FROM credit_creditinvestigation WHERE account_id = %s LIMIT 10) x),
         (SELECT json_agg(x.*) FROM (SELECT * FROM credit_creditreview WHERE account_id = %s LIMIT 10) x),
         (SELECT json_agg(x.*) FROM (SELECT * FROM credit_writeoff WHERE account_id = %s LIMIT 10) x),
         (SELECT json_agg(x.*) FROM (SELECT * FROM credit_holdoverride WHERE account_id = %s LIMIT 10) x)
       FROM ({CREDIT_FIGURES.format(scope=scope)}) f"""  # noqa: S608 — fixed fragments, values are parameters
    return render_rows(sql, [pk] * 6 + _credit_params([pk]))
