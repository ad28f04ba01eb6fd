"""Bare twins of the orders, the account's orders tab, the opportunity board and list, the pipeline."""

from __future__ import annotations

from deals.pipeline import BOARD_CARDS

from .common import render_rows, visibility_sql

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
