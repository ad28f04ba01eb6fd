"""Every tasks page against every role (see tests/matrix.py)."""

import pytest
from django.utils import timezone

from tests.factories import TaskFactory, VisitFactory
from tests.matrix import Case, case_id, check_case

OUTSIDERS = {"other_rep": 404, "other_manager": 404}
READ_ONLY = {**OUTSIDERS, "credit_approver": 403}
account = lambda objects: [objects["account"].pk]  # noqa: E731
task = lambda objects: [objects["task"].pk]  # noqa: E731
visit = lambda objects: [objects["visit"].pk]  # noqa: E731


def task_data(objects):
    return {"title": "Call back", "due_on": timezone.localdate().isoformat(), "owner": objects["rep"].pk}


CASES = [
    Case("tasks:mine", {"credit_approver": 403}),
    Case("tasks:mine", {"credit_approver": 403}, method="post", default=405),
    Case("tasks:mine_export", {"credit_approver": 403}),
    Case("tasks:team", {"rep": 403, "teammate": 403, "other_rep": 403, "credit_approver": 403}),
    Case("tasks:team_export", {"rep": 403, "teammate": 403, "other_rep": 403, "credit_approver": 403}),
    Case("tasks:account_panel", OUTSIDERS, args=account),
    Case("tasks:create", READ_ONLY, args=account),
    Case("tasks:create", READ_ONLY, args=account, method="post", data=task_data, default=302),
    Case("tasks:edit", READ_ONLY, args=task),
    Case("tasks:edit", READ_ONLY, args=task, method="post", data=task_data, default=302),
    Case("tasks:complete", READ_ONLY, args=task, method="post", default=302),
    Case("tasks:complete", {}, args=task, default=405),
    Case("tasks:from_visit", READ_ONLY, args=visit, method="post", default=302),
    Case("tasks:from_visit", {}, args=visit, default=405),
]


@pytest.fixture
def objects(rep, account):
    return {
        "rep": rep,
        "account": account,
        "task": TaskFactory(account=account),
        "visit": VisitFactory(account=account, next_step="Call"),
    }


@pytest.mark.parametrize(("case", "role"), [param for case in CASES for param in case.params()], ids=case_id)
def test_tasks_pages_answer_each_role(client, cast, objects, case, role):
    check_case(client, case, role, cast, objects)
