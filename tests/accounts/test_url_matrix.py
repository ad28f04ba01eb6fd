"""Every accounts page against every role (see tests/matrix.py)."""

import pytest

from tests.matrix import Case, case_id, check_case

OUTSIDERS = {"other_rep": 404, "other_manager": 404}
own = lambda objects: [objects["account"].pk]  # noqa: E731

CASES = [
    Case("accounts:list", {}),
    Case("accounts:detail", OUTSIDERS, args=own),
    Case("accounts:detail", {}, args=own, method="post", default=405),
    Case("accounts:create", {"credit_approver": 403}),
    Case("accounts:edit", {**OUTSIDERS, "credit_approver": 403}, args=own),
]


@pytest.fixture
def objects(account):
    return {"account": account}


@pytest.mark.parametrize(("case", "role"), [param for case in CASES for param in case.params()], ids=case_id)
def test_accounts_pages_answer_each_role(client, cast, objects, case, role):
    check_case(client, case, role, cast, objects)
