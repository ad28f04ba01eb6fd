"""Bare views for the page benchmark: the same rows as a real page, fetched with one query
and rendered with a minimal template — the floor a page is measured against."""

from __future__ import annotations

from django.db import connection
from django.http import HttpResponse
from django.template import Context, Template
from django.urls import include, path
from django.utils import timezone

from deals.pipeline import BOARD_CARDS
from visits.selectors import Period

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


# --- deals ---------------------------------------------------------------------------------

ORDER_TOTALS = """(SELECT ROUND(COALESCE(SUM(l.quantity * l.unit_price), 0), 2) FROM deals_orderline l
                   WHERE l.order_id = o.id) AS amount,
                  (SELECT ROUND(COALESCE(SUM(l.quantity * l.unit_cost), 0), 2) FROM deals_orderline l
                   WHERE l.order_id = o.id) AS cost,
                  (SELECT ROUND(COALESCE(SUM(p.amount), 0), 2) FROM deals_payment p WHERE p.order_id = o.id) AS paid"""


def order_list(request):
    """The order list's rows: visible orders newest first, 26 (the 26th says "Next"), with
    their account and their amount, cost and paid."""
    where, params = visibility_sql(request.user)
    return render_rows(
        f"""SELECT o.id, o.number, o.status, o.order_date, o.due_date, a.id, a.name, {ORDER_TOTALS}
            FROM deals_order o JOIN accounts_account a ON a.id = o.account_id
            JOIN users_user u ON u.id = a.owner_id
            WHERE {where} ORDER BY o.order_date DESC, o.id DESC LIMIT 26""",  # noqa: S608
        params,
    )


def order_detail(request, pk: int):
    """One order with its account, its lines (with products) and payments as JSON arrays."""
    return render_rows(
        f"""SELECT o.*, a.name, c.username, {ORDER_TOTALS},
             (SELECT json_agg(json_build_object('line', l.line_number, 'code', pr.code, 'name', pr.name,
                     'quantity', l.quantity, 'price', l.unit_price, 'cost', l.unit_cost) ORDER BY l.line_number)
              FROM deals_orderline l JOIN deals_product pr ON pr.id = l.product_id WHERE l.order_id = o.id),
             (SELECT json_agg(p.* ORDER BY p.paid_on, p.id) FROM deals_payment p WHERE p.order_id = o.id)
           FROM deals_order o JOIN accounts_account a ON a.id = o.account_id
           LEFT JOIN users_user c ON c.id = o.created_by_id WHERE o.id = %s""",  # noqa: S608
        [pk],
    )


def account_orders(request, pk: int):
    """The account page's Orders panel in one query: receivables and purchase habits as
    aggregates over the account's orders and lines, the latest 10 orders and the open
    opportunities as JSON arrays."""
    return render_rows(
        f"""WITH o AS (SELECT o.*, {ORDER_TOTALS} FROM deals_order o WHERE o.account_id = %s),
                 l AS (SELECT l.*, o.id AS oid, p.category, p.unit_price AS list_price, p.unit_cost AS list_cost
                       FROM deals_orderline l JOIN deals_order o ON o.id = l.order_id
                       JOIN deals_product p ON p.id = l.product_id
                       WHERE o.account_id = %s AND o.status <> 'cancelled')
           SELECT
             (SELECT json_build_object(
                 'amount', SUM(amount), 'paid', SUM(paid),
                 'outstanding', SUM(amount - paid) FILTER (WHERE amount - paid > 0),
                 'overdue', SUM(amount - paid) FILTER (WHERE amount - paid > 0 AND due_date < CURRENT_DATE),
                 'open', COUNT(*) FILTER (WHERE amount - paid > 0),
                 'last_year', SUM(amount) FILTER (WHERE order_date > CURRENT_DATE - 365),
                 'first', MIN(order_date), 'last', MAX(order_date), 'orders', COUNT(*))
              FROM o WHERE status <> 'cancelled'),
             (SELECT json_build_object(
                 'revenue', SUM(quantity * unit_price),
                 'high', SUM(quantity * unit_price) FILTER (WHERE list_price > 0 AND list_cost <= list_price * 0.6),
                 'products', COUNT(DISTINCT product_id), 'categories', COUNT(DISTINCT category)) FROM l),
             (SELECT COUNT(*) FROM (SELECT product_id FROM l GROUP BY product_id
                                    HAVING COUNT(DISTINCT oid) >= 2) AS repeat_products),
             (SELECT json_agg(r) FROM (SELECT id, number, status, order_date, due_date, amount, cost, paid
                                       FROM o ORDER BY order_date DESC, id DESC LIMIT 10) AS r),
             (SELECT json_agg(r) FROM (SELECT op.id, op.name, s.name AS stage, op.amount, op.expected_close,
                                              u.first_name, u.last_name
                                       FROM deals_opportunity op JOIN deals_pipelinestage s ON s.id = op.stage_id
                                       JOIN users_user u ON u.id = op.owner_id
                                       WHERE op.account_id = %s AND s.outcome = 'open'
                                       ORDER BY op.expected_close NULLS LAST, op.id) AS r)""",  # noqa: S608
        [pk, pk, pk],
    )


OPPORTUNITY_ROW = """op.id, op.name, op.amount, COALESCE(op.probability, s.probability) AS probability,
                     op.expected_close, a.id AS account_id, a.name AS account, w.first_name, w.last_name"""
OPPORTUNITY_JOINS = """FROM deals_opportunity op JOIN deals_pipelinestage s ON s.id = op.stage_id
                       JOIN accounts_account a ON a.id = op.account_id JOIN users_user u ON u.id = a.owner_id
                       JOIN users_user w ON w.id = op.owner_id"""


def opportunity_board(request):
    """The board: per active stage its count, amount and weighted amount, and its first
    BOARD_CARDS cards by expected close, as one row per stage."""
    where, params = visibility_sql(request.user)
    return render_rows(
        f"""WITH v AS (SELECT {OPPORTUNITY_ROW}, op.stage_id,
                         ROW_NUMBER() OVER (PARTITION BY op.stage_id
                                            ORDER BY op.expected_close NULLS LAST, op.id) AS rank
                       {OPPORTUNITY_JOINS}
                       WHERE {where} AND s.is_active
                         AND (s.outcome = 'open' OR op.closed_on >= CURRENT_DATE - 90))
           SELECT s.id, s.name, s.probability, COUNT(v.id), SUM(v.amount), SUM(v.amount * v.probability / 100),
                  json_agg(v ORDER BY v.rank) FILTER (WHERE v.rank <= %s)
           FROM deals_pipelinestage s LEFT JOIN v ON v.stage_id = s.id
           WHERE s.is_active GROUP BY s.id ORDER BY s.position""",  # noqa: S608
        [*params, BOARD_CARDS],
    )


def opportunity_list(request):
    """The opportunity list's first page: 25 visible opportunities by expected close."""
    where, params = visibility_sql(request.user)
    return render_rows(
        f"""SELECT {OPPORTUNITY_ROW}, s.name {OPPORTUNITY_JOINS}
            WHERE {where} ORDER BY op.expected_close, op.id LIMIT 25""",
        params,
    )


def pipeline(request):
    """The team pipeline: open opportunities' count, amount and weighted amount per stage."""
    where, params = visibility_sql(request.user)
    return render_rows(
        f"""SELECT s.name, COUNT(op.id), SUM(op.amount),
                   SUM(op.amount * COALESCE(op.probability, s.probability) / 100)
            FROM deals_pipelinestage s LEFT JOIN (deals_opportunity op
                 JOIN accounts_account a ON a.id = op.account_id JOIN users_user u ON u.id = a.owner_id)
                 ON op.stage_id = s.id AND {where}
            WHERE s.is_active AND s.outcome = 'open' GROUP BY s.id ORDER BY s.position""",  # noqa: S608
        params,
    )


def dashboard(request):
    """The dashboard's figures and at-risk rows in one hand-written query: the latest run's
    results of the visible (and filtered) accounts grouped by (rank bucket, tier, level,
    previous tier) — the same rows the page folds into its tables, matrix and curve — and,
    in the same statement, the first 20 at-risk accounts by rank with their coverage flags."""
    from contacts.selectors import recent_cutoff

    where, params = visibility_sql(request.user)
    if request.GET.get("team"):
        where += " AND u.team_id = %s"
        params.append(int(request.GET["team"]))
    if request.GET.get("rep"):
        where += " AND a.owner_id = %s"
        params.append(int(request.GET["rep"]))
    joined, scoped = "", ""
    if where != "TRUE":  # joined (a hash join), not IN (…), as the page does
        joined = "JOIN accounts_account a ON a.id = r.account_id JOIN users_user u ON u.id = a.owner_id"
        scoped = f"AND {where}"
    run = """(SELECT id FROM scoring_scoringrun WHERE status = 'done'
              ORDER BY as_of DESC, finished_at DESC, id DESC LIMIT 1)"""
    coverage = """
        (SELECT COUNT(*) FROM contacts_contact c WHERE c.account_id = a.id AND NOT c.left_company
           AND c.relationship_strength > 0) AS live,
        EXISTS (SELECT 1 FROM contacts_contactrole cr JOIN contacts_contact c ON c.id = cr.contact_id
           WHERE c.account_id = a.id AND cr.role = 'decision_maker' AND cr.ended_on IS NULL
           AND NOT c.left_company) AS has_dm,
        EXISTS (SELECT 1 FROM contacts_contactrole cr JOIN contacts_contact c ON c.id = cr.contact_id
           WHERE c.account_id = a.id AND cr.role = 'decision_maker'
           AND (cr.ended_on >= %s OR c.left_on >= %s)) AS dm_changed"""
    cutoff = recent_cutoff()
    sql = f"""
SELECT json_build_array(bucket, abc_tier, level, previous_abc_tier,
                        COUNT(*), SUM(measure), SUM(measure) FILTER (WHERE measure > 0))
FROM (SELECT (r.rank - 1) / w.width AS bucket, r.abc_tier, r.level, r.previous_abc_tier, r.measure
      FROM (SELECT id, GREATEST(1, CEIL(accounts_count / 100.0))::int AS width
            FROM scoring_scoringrun WHERE id = {run}) w
      JOIN scoring_scoringresult r ON r.run_id = w.id {joined}
      WHERE TRUE {scoped}) b
GROUP BY bucket, abc_tier, level, previous_abc_tier
UNION ALL
(SELECT json_build_array(code, name, first_name, last_name, abc_tier, previous_abc_tier, score, live, has_dm,
                         dm_changed)
 FROM (SELECT a.code, a.name, u.first_name, u.last_name, r.abc_tier, r.previous_abc_tier, r.level, r.score,
              r.rank, {coverage}
       FROM scoring_scoringresult r JOIN accounts_account a ON a.id = r.account_id
       JOIN users_user u ON u.id = a.owner_id
       WHERE r.run_id = {run} AND {where}) x
 WHERE (previous_abc_tier = 'A' AND abc_tier IN ('B', 'C')) OR (previous_abc_tier = 'B' AND abc_tier = 'C')
    OR ((abc_tier = 'A' OR level IN ('vip', 'key')) AND (live <= 1 OR NOT has_dm OR dm_changed))
 ORDER BY rank LIMIT 20)"""  # noqa: S608 — fixed fragments, values are parameters
    scoped_params = [] if where == "TRUE" else list(params)
    return render_rows(sql, [*scoped_params, cutoff, cutoff, *params])


# A credit figure set per account in plain SQL (the default policy: receivables only, a 365-day
# DSO window): unpaid order amounts less write-offs, the overdue balance and its oldest due date,
# the window's sales and the limit in force. ``{scope}`` restricts the accounts (alias ``a``).
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

    from django.utils import timezone

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


# --- visits --------------------------------------------------------------------------------


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
    and how many of their accounts are overdue."""
    week, user = Period.containing(timezone.localdate(), "week"), request.user
    scope = "TRUE" if user.is_admin_role else "u.team_id IN (SELECT id FROM users_team WHERE manager_id = %s)"
    sql = f"""SELECT u.id, u.first_name, u.last_name, t.name, p.planned, p.done, p.dropped, COALESCE(d.overdue, 0)
              FROM users_user u LEFT JOIN users_team t ON t.id = u.team_id
              LEFT JOIN (SELECT rep_id, COUNT(*) FILTER (WHERE status <> 'dropped') AS planned,
                                COUNT(*) FILTER (WHERE status = 'done') AS done,
                                COUNT(*) FILTER (WHERE status = 'dropped') AS dropped
                         FROM visits_planitem WHERE planned_on BETWEEN %s AND %s GROUP BY rep_id) p ON p.rep_id = u.id
              LEFT JOIN (SELECT a.owner_id, COUNT(*) AS overdue FROM visits_visitschedule s
                         JOIN accounts_account a ON a.id = s.account_id
                         WHERE s.next_due < %s GROUP BY a.owner_id) d ON d.owner_id = u.id
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


urlpatterns = [
    path("__bench__/credit/", credit_overview, name="bare-credit-overview"),
    path("__bench__/credit/approvals/", credit_queue, name="bare-credit-queue"),
    path("__bench__/credit/accounts/<int:pk>/panel/", credit_panel, name="bare-credit-panel"),
    path("__bench__/dashboard/", dashboard, name="bare-dashboard"),
    path("__bench__/accounts/", account_list, name="bare-account-list"),
    path("__bench__/accounts/<int:pk>/", account_detail, name="bare-account-detail"),
    path("__bench__/orders/", order_list, name="bare-order-list"),
    path("__bench__/orders/<int:pk>/", order_detail, name="bare-order-detail"),
    path("__bench__/accounts/<int:pk>/orders/", account_orders, name="bare-account-orders"),
    path("__bench__/opportunities/board/", opportunity_board, name="bare-opportunity-board"),
    path("__bench__/opportunities/", opportunity_list, name="bare-opportunity-list"),
    path("__bench__/opportunities/pipeline/", pipeline, name="bare-pipeline"),
    path("__bench__/visits/", visit_plan, name="bare-visit-plan"),
    path("__bench__/visits/team/", team_plan, name="bare-team-plan"),
    path("__bench__/visits/due/", visits_due, name="bare-visits-due"),
    path("", include("config.urls")),
]
