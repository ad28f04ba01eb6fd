"""Every timeline page against every role (see tests/matrix.py)."""

import pytest

from tests.matrix import Case, case_id, check_case

OUTSIDERS = {"other_rep": 404, "other_manager": 404}
account = lambda objects: [objects["account"].pk]  # noqa: E731

CASES = [
    Case("timeline:account_panel", OUTSIDERS, args=account),
    Case("timeline:account_panel", {}, args=account, method="post", default=405),
    Case(
        "timeline:note_add",
        {**OUTSIDERS, "credit_approver": 403},
        args=account,
        method="post",
        data=lambda o: {"text": "Called"},
        default=302,
    ),
    Case("timeline:note_add", {}, args=account, default=405),
]


@pytest.fixture
def objects(account):
    return {"account": account}


@pytest.mark.parametrize(("case", "role"), [param for case in CASES for param in case.params()], ids=case_id)
def test_timeline_pages_answer_each_role(client, cast, objects, case, role):
    check_case(client, case, role, cast, objects)
