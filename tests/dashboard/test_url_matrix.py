"""Every dashboard page against every role (see tests/matrix.py)."""

import pytest

from tests.matrix import Case, case_id, check_case

CASES = [
    Case("dashboard:index", {}),
    Case("dashboard:index", {}, method="post", default=405),
    # The targets blocks, loaded after their page: the same roles as it.
    Case("dashboard:targets_block", {}),
    Case("dashboard:targets_block", {}, data=lambda objects: {"rep": objects["account"].owner_id}),
    Case("dashboard:targets_block", {}, method="post", default=405),
    Case("dashboard:my_targets_block", {"credit_approver": 403}),
    Case("dashboard:my_targets_block", {"credit_approver": 403}, method="post", default=405),
    Case("dashboard:movers", {}, data=lambda objects: {"from": "A", "to": "B"}),
    Case("dashboard:movers_export", {}, data=lambda objects: {"from": "new", "to": "A"}),
    Case("dashboard:at_risk", {}, data=lambda objects: {"reason": "overdue", "sort": "overdue"}),
    Case("dashboard:at_risk", {}, method="post", default=405),
    Case("dashboard:at_risk_export", {}, data=lambda objects: {"reason": "overdue", "format": "xlsx"}),
    # A rep's day: for those who sell (credit approvers neither visit nor own accounts).
    Case("dashboard:home", {"credit_approver": 403}),
    Case("dashboard:home", {"credit_approver": 403}, method="post", default=405),
    # Targets: managers (their team's) and admins set them.
    Case("dashboard:targets", {"manager": 200, "other_manager": 200, "admin": 200}, default=403),
    # an empty form: shown again with its errors
    Case("dashboard:targets", {"manager": 200, "other_manager": 200, "admin": 200}, method="post", default=403),
    Case(
        "dashboard:targets",
        {"manager": 302, "other_manager": 200, "admin": 302},  # not the other team's rep: a choice refused
        method="post",
        default=403,
        data=lambda objects: {
            "rep": objects["account"].owner_id,
            "period_kind": "month",
            "period_start": "2026-05-17",
            "revenue": "1000",
            "visits": "5",
        },
    ),
]


@pytest.fixture
def objects(account):
    return {"account": account}


@pytest.mark.parametrize(("case", "role"), [param for case in CASES for param in case.params()], ids=case_id)
def test_dashboard_pages_answer_each_role(client, cast, objects, case, role):
    check_case(client, case, role, cast, objects)
