"""Every intelligence page against every role (see tests/matrix.py)."""

import pytest

from tests.matrix import Case, case_id, check_case

OUTSIDERS = {"other_rep": 404, "other_manager": 404}
MANAGERS_ONLY = dict.fromkeys(("rep", "teammate", "other_rep", "credit_approver"), 403)
own = lambda objects: [objects["account"].pk]  # noqa: E731

CASES = [
    Case("intelligence:account_panel", OUTSIDERS, args=own),
    Case("intelligence:whitespace_matrix", MANAGERS_ONLY),
    Case("intelligence:whitespace_export", MANAGERS_ONLY),
    Case("intelligence:whitespace_export", MANAGERS_ONLY, data=lambda o: {"format": "xlsx"}),
    Case("intelligence:whitespace_export", {**MANAGERS_ONLY}, method="post", default=405),
]


@pytest.fixture
def objects(account):
    return {"account": account}


@pytest.mark.parametrize(("case", "role"), [param for case in CASES for param in case.params()], ids=case_id)
def test_intelligence_pages_answer_each_role(client, cast, objects, case, role):
    check_case(client, case, role, cast, objects)
