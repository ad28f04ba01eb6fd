"""Every scoring page against every role (see tests/matrix.py)."""

import pytest

from tests.factories import ScoringRunFactory
from tests.matrix import Case, case_id, check_case

OUTSIDERS = {"other_rep": 404, "other_manager": 404}
ADMIN_ONLY = dict.fromkeys(("rep", "teammate", "manager", "other_rep", "other_manager", "credit_approver"), 403)
own = lambda objects: [objects["account"].pk]  # noqa: E731
run = lambda objects: [objects["run"].pk]  # noqa: E731

CASES = [
    Case("scoring:config", ADMIN_ONLY),
    Case("scoring:runs", ADMIN_ONLY),
    Case("scoring:runs_export", ADMIN_ONLY),
    Case("scoring:runs_export", ADMIN_ONLY, data=lambda objects: {"format": "xlsx"}),
    Case("scoring:runs_export", {**ADMIN_ONLY}, method="post", default=405),
    Case(
        "scoring:run_request",
        {**ADMIN_ONLY, "admin": 302},
        method="post",
        data=lambda objects: {"as_of": "2026-01-31"},
    ),
    Case("scoring:run_request", {"anonymous": 302}, default=405),
    Case("scoring:run_detail", ADMIN_ONLY, args=run),
    Case("scoring:run_progress", ADMIN_ONLY, args=run),
    Case("scoring:account_panel", OUTSIDERS, args=own),
    Case("scoring:rate", {**OUTSIDERS, "credit_approver": 403}, args=own),
]


@pytest.fixture
def objects(account):
    return {"account": account, "run": ScoringRunFactory()}


@pytest.mark.parametrize(("case", "role"), [param for case in CASES for param in case.params()], ids=case_id)
def test_scoring_pages_answer_each_role(client, cast, objects, case, role):
    check_case(client, case, role, cast, objects)
