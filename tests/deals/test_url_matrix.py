"""Every deals page against every role (see tests/matrix.py)."""

import pytest

from deals.models import PipelineStage
from tests.factories import (
    ImportJobFactory,
    OpportunityContactFactory,
    OpportunityFactory,
    OrderFactory,
    OrderLineFactory,
)
from tests.matrix import Case, case_id, check_case

OUTSIDERS = {"other_rep": 404, "other_manager": 404}
own_account = lambda objects: [objects["account"].pk]  # noqa: E731
own_order = lambda objects: [objects["order"].pk]  # noqa: E731
settled_order = lambda objects: [objects["unpaid"].pk]  # noqa: E731
own_opportunity = lambda objects: [objects["opportunity"].pk]  # noqa: E731
own_job = lambda objects: [objects["job"].pk]  # noqa: E731
ADMIN_ONLY = dict.fromkeys(("rep", "teammate", "manager", "other_rep", "other_manager", "credit_approver"), 403)
MANAGERS_ONLY = {"rep": 403, "teammate": 403, "other_rep": 403, "credit_approver": 403}

CASES = [
    Case("deals:order_list", {}),
    Case("deals:order_export", {}),
    Case("deals:order_export", OUTSIDERS, data=lambda objects: {"account": objects["account"].pk, "format": "xlsx"}),
    Case("deals:order_export", {}, method="post", default=405),
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
    Case(
        "deals:order_cancel",
        {**OUTSIDERS, "credit_approver": 403},
        args=own_order,
        method="post",
        data=lambda objects: {"reason": "Entered twice"},
        default=302,
    ),
    Case("deals:order_cancel", {"credit_approver": 403}, args=own_order, default=405),
    Case("deals:opportunity_list", {}),
    Case("deals:opportunity_export", {}),
    Case("deals:opportunity_export", {}, method="post", default=405),
    Case("deals:opportunity_board", {}),
    Case("deals:pipeline", MANAGERS_ONLY),
    Case("deals:pipeline", {**MANAGERS_ONLY, "manager": 405, "other_manager": 405, "admin": 405}, method="post"),
    Case("deals:opportunity_create", {**OUTSIDERS, "credit_approver": 403}, args=own_account),
    Case("deals:opportunity_edit", {**OUTSIDERS, "credit_approver": 403}, args=own_opportunity),
    Case(
        "deals:opportunity_move",
        {**OUTSIDERS, "credit_approver": 403},
        args=own_opportunity,
        method="post",
        data=lambda objects: {"stage": objects["proposal"].pk},
        default=302,
    ),
    Case("deals:opportunity_move", {"credit_approver": 403}, args=own_opportunity, default=405),
    Case(
        "deals:opportunity_contact_add",
        {**OUTSIDERS, "credit_approver": 403},
        args=own_opportunity,
        method="post",
        data=lambda objects: {"contact": objects["contact"].pk, "role": "coach"},
        default=302,
    ),
    Case("deals:opportunity_contact_add", {"credit_approver": 403}, args=own_opportunity, default=405),
    Case(
        "deals:opportunity_contact_remove",
        {**OUTSIDERS, "credit_approver": 403},
        args=lambda objects: [objects["deal_contact"].pk],
        method="post",
        default=302,
    ),
    Case(
        "deals:opportunity_contact_remove",
        {"credit_approver": 403},
        args=lambda objects: [objects["deal_contact"].pk],
        default=405,
    ),
    Case("deals:product_list", {}),
    Case("deals:product_export", {}, data=lambda objects: {"q": "x", "format": "xlsx"}),
    Case("deals:product_options", {"credit_approver": 403}),
    Case("deals:product_options", {"credit_approver": 403}, method="post", default=405),
    Case("deals:product_list", {}, method="post", default=405),
    Case("deals:import_upload", ADMIN_ONLY),
    Case("deals:import_job", ADMIN_ONLY, args=own_job),
    # A mapping without the required columns is refused with the form again.
    Case("deals:import_job", ADMIN_ONLY, args=own_job, method="post", default=400),
    Case("deals:import_progress", ADMIN_ONLY, args=own_job),
    Case("deals:import_progress", ADMIN_ONLY, args=own_job, method="post", default=405),
]


@pytest.fixture
def objects(account, cast):
    order = OrderFactory(account=account)
    OrderLineFactory(order=order, quantity=10)
    unpaid = OrderFactory(account=account)
    OrderLineFactory(order=unpaid, quantity=1)
    objects = {
        "account": account,
        "order": order,
        "unpaid": unpaid,
        "opportunity": OpportunityFactory(account=account),
        "proposal": PipelineStage.objects.get(name="Proposal"),
        "job": ImportJobFactory(created_by=cast["admin"]),
    }
    objects["deal_contact"] = OpportunityContactFactory(opportunity=objects["opportunity"])
    objects["contact"] = objects["deal_contact"].contact
    return objects


@pytest.mark.parametrize(("case", "role"), [param for case in CASES for param in case.params()], ids=case_id)
def test_deals_pages_answer_each_role(client, cast, objects, case, role):
    check_case(client, case, role, cast, objects)
