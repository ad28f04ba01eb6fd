"""Every plans page against every role (see tests/matrix.py)."""

import pytest

from tests.factories import AccountPlanFactory, ObjectiveFactory, PlanActionFactory
from tests.matrix import Case, case_id, check_case

OUTSIDERS = {"other_rep": 404, "other_manager": 404}
# Core info is for who may change the account: a credit approver sees it but may not open it.
READ_ONLY = {**OUTSIDERS, "credit_approver": 403}
NOT_REVIEWERS = {"rep": 403, "teammate": 403, "other_rep": 403, "credit_approver": 403}
account = lambda objects: [objects["account"].pk]  # noqa: E731
objective = lambda objects: [objects["objective"].pk]  # noqa: E731
action = lambda objects: [objects["action"].pk]  # noqa: E731


def objective_data(objects):
    return {"kind": "revenue", "title": "Grow", "target": "100", "due_on": "2027-01-31", "status": "open"}


def action_data(objects):
    return {"title": "Call the buyer", "owner": objects["rep"].pk, "due_on": "2027-01-15"}


CASES = [
    Case("plans:list", NOT_REVIEWERS),
    Case("plans:list", NOT_REVIEWERS, method="post", default=405),
    Case("plans:account_panel", READ_ONLY, args=account),
    Case("plans:pdf", READ_ONLY, args=account),
    Case("plans:mark_reviewed", READ_ONLY, args=account, method="post", default=302),
    Case("plans:mark_reviewed", READ_ONLY, args=account, default=405),
    Case("plans:objective_create", READ_ONLY, args=account),
    Case("plans:objective_create", READ_ONLY, args=account, method="post", data=objective_data, default=302),
    Case("plans:objective_edit", READ_ONLY, args=objective),
    Case("plans:objective_edit", READ_ONLY, args=objective, method="post", data=objective_data, default=302),
    Case("plans:action_create", READ_ONLY, args=account),
    Case("plans:action_create", READ_ONLY, args=account, method="post", data=action_data, default=302),
    Case("plans:action_edit", READ_ONLY, args=action),
    Case("plans:action_edit", READ_ONLY, args=action, method="post", data=action_data, default=302),
    Case("plans:action_complete", READ_ONLY, args=action, method="post", default=302),
    Case("plans:action_complete", READ_ONLY, args=action, default=405),
]


@pytest.fixture
def objects(rep, account):
    AccountPlanFactory(account=account)
    return {
        "rep": rep,
        "account": account,
        "objective": ObjectiveFactory(account=account),
        "action": PlanActionFactory(account=account, owner=rep),
    }


@pytest.mark.parametrize(("case", "role"), [param for case in CASES for param in case.params()], ids=case_id)
def test_plans_pages_answer_each_role(client, cast, objects, case, role):
    check_case(client, case, role, cast, objects)
