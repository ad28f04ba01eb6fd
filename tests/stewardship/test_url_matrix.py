"""The hand-over and merge pages against every role (see tests/matrix.py)."""

import pytest

from tests.matrix import Case, case_id, check_case

SELLERS_AND_APPROVER = dict.fromkeys(("rep", "teammate", "other_rep", "credit_approver"), 403)
ONLY_ADMIN = {**SELLERS_AND_APPROVER, "manager": 403, "other_manager": 403}
rep_of_north = lambda objects: [objects["rep"].pk]  # noqa: E731

CASES = [
    # A manager sees the list of their own people; another team's manager sees theirs.
    Case("stewardship:handovers", SELLERS_AND_APPROVER),
    Case("stewardship:handovers", SELLERS_AND_APPROVER, method="post", default=405),
    # The rep's hand-over: their manager and admins; another team's manager does not find them.
    Case("stewardship:handover", {**SELLERS_AND_APPROVER, "other_manager": 404}, args=rep_of_north),
    # Posting nothing is the form again with its errors (nothing moves).
    Case("stewardship:handover", {**SELLERS_AND_APPROVER, "other_manager": 404}, args=rep_of_north, method="post"),
    Case("stewardship:merge", ONLY_ADMIN),
    Case("stewardship:merge", ONLY_ADMIN, method="post"),
]


@pytest.fixture
def objects(account, rep):
    return {"account": account, "rep": rep}


@pytest.mark.parametrize(("case", "role"), [param for case in CASES for param in case.params()], ids=case_id)
def test_stewardship_pages_answer_each_role(client, cast, objects, case, role):
    check_case(client, case, role, cast, objects)
