"""Every dashboard page against every role (see tests/matrix.py)."""

import pytest

from tests.matrix import Case, case_id, check_case

CASES = [
    Case("dashboard:index", {}),
    Case("dashboard:index", {}, method="post", default=405),
    Case("dashboard:movers", {}, data=lambda objects: {"from": "A", "to": "B"}),
    Case("dashboard:movers_export", {}, data=lambda objects: {"from": "new", "to": "A"}),
    Case("dashboard:at_risk", {}, data=lambda objects: {"reason": "overdue", "sort": "overdue"}),
    Case("dashboard:at_risk", {}, method="post", default=405),
    Case("dashboard:at_risk_export", {}, data=lambda objects: {"reason": "overdue", "format": "xlsx"}),
    # A rep's day: for those who sell (credit approvers neither visit nor own accounts).
    Case("dashboard:home", {"credit_approver": 403}),
    Case("dashboard:home", {"credit_approver": 403}, method="post", default=405),
]


@pytest.fixture
def objects(account):
    return {"account": account}


@pytest.mark.parametrize(("case", "role"), [param for case in CASES for param in case.params()], ids=case_id)
def test_dashboard_pages_answer_each_role(client, cast, objects, case, role):
    check_case(client, case, role, cast, objects)
