"""Every deals page against every role (see tests/matrix.py)."""

import pytest

from tests.factories import OrderFactory, OrderLineFactory
from tests.matrix import Case, case_id, check_case

OUTSIDERS = {"other_rep": 404, "other_manager": 404}
own_account = lambda objects: [objects["account"].pk]  # noqa: E731
own_order = lambda objects: [objects["order"].pk]  # noqa: E731
settled_order = lambda objects: [objects["unpaid"].pk]  # noqa: E731

CASES = [
    Case("deals:order_list", {}),
    Case("deals:order_detail", OUTSIDERS, args=own_order),
    Case("deals:order_detail", {}, args=own_order, method="post", default=405),
    Case("deals:order_create", {**OUTSIDERS, "credit_approver": 403}, args=own_account),
    Case("deals:account_panel", OUTSIDERS, args=own_account),
    Case("deals:account_panel", {}, args=own_account, method="post", default=405),
    # A valid payment redirects to the order; a GET is refused.
    Case(
        "deals:payment_create",
        {**OUTSIDERS},
        args=own_order,
        method="post",
        data=lambda objects: {"amount": "1.00", "paid_on": "2026-02-01"},
        default=302,
    ),
    Case("deals:payment_create", {}, args=own_order, default=405),
    Case("deals:order_mark_paid", {**OUTSIDERS}, args=settled_order, method="post", default=302),
    Case("deals:order_mark_paid", {}, args=settled_order, default=405),
]


@pytest.fixture
def objects(account):
    order = OrderFactory(account=account)
    OrderLineFactory(order=order, quantity=10)
    unpaid = OrderFactory(account=account)
    OrderLineFactory(order=unpaid, quantity=1)
    return {"account": account, "order": order, "unpaid": unpaid}


@pytest.mark.parametrize(("case", "role"), [param for case in CASES for param in case.params()], ids=case_id)
def test_deals_pages_answer_each_role(client, cast, objects, case, role):
    check_case(client, case, role, cast, objects)
