"""Every dashboard page against every role (see tests/matrix.py)."""

import pytest

from tests.matrix import Case, case_id, check_case

CASES = [
    Case("dashboard:index", {}),
    Case("dashboard:index", {}, method="post", default=405),
    Case("dashboard:movers", {}, data=lambda objects: {"from": "A", "to": "B"}),
]


@pytest.fixture
def objects(account):
    return {"account": account}


@pytest.mark.parametrize(("case", "role"), [param for case in CASES for param in case.params()], ids=case_id)
def test_dashboard_pages_answer_each_role(client, cast, objects, case, role):
    check_case(client, case, role, cast, objects)
