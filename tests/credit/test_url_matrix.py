"""Every credit page and action against every role (see tests/matrix.py).

Reps see their accounts' credit tab and file requests but decide nothing; managers decide
what was routed to them (their team, within their limit); credit approvers and admins decide
the rest, change limits and write off bad debt. Outsiders get 404.
"""

import pytest

from credit.models import ITEM_NAMES, RequestStatus
from tests.factories import (
    AccountFactory,
    AccountTeamMemberFactory,
    CreditHoldFactory,
    CreditInvestigationFactory,
    CreditRequestFactory,
)
from tests.matrix import ADMIN_ONLY, Case, case_id, check_case

OUTSIDERS = {"other_rep": 404, "other_manager": 404}
NO_REPS = {"rep": 403, "teammate": 403, "other_rep": 403}
OFFICERS_ONLY = {**NO_REPS, "manager": 403, "other_manager": 403}
own = lambda objects: [objects["account"].pk]  # noqa: E731
investigation = lambda objects: [objects["investigation"].pk]  # noqa: E731
submitted = lambda objects: [objects["submitted"].pk]  # noqa: E731
returned = lambda objects: [objects["returned"].pk]  # noqa: E731
hold = lambda objects: [objects["hold"].pk]  # noqa: E731
RATINGS = lambda objects: {**dict.fromkeys(ITEM_NAMES, 3), "investigated_on": "2026-05-01"}  # noqa: E731

CASES = [
    Case("credit:policy", ADMIN_ONLY),
    Case("credit:policy", ADMIN_ONLY, method="post"),  # nothing posted: the form's errors
    Case("credit:overview", NO_REPS),
    Case("credit:overview_export", NO_REPS),
    Case("credit:overview_export", NO_REPS, method="post", default=405),
    Case("credit:queue", NO_REPS),
    Case("credit:queue_export", NO_REPS),
    Case("credit:queue_export", NO_REPS, method="post", default=405),
    Case("credit:decided_export", NO_REPS, data=lambda o: {"status": "approved", "format": "xlsx"}),
    Case("credit:decided", NO_REPS),
    Case("credit:decided", NO_REPS, data=lambda o: {"status": "approved", "decided_from": "2026-01-01", "q": "x"}),
    Case("credit:decided", NO_REPS, method="post", default=405),
    Case("credit:liabilities", NO_REPS),
    Case("credit:account_panel", OUTSIDERS, args=own),
    Case("credit:investigation_create", OUTSIDERS, args=own),
    Case("credit:investigation_create", OUTSIDERS, args=own, method="post", data=RATINGS, default=302),
    Case(
        "credit:investigation_create", OUTSIDERS, args=lambda o: [o["account"].pk], data=lambda o: {"then": "request"}
    ),
    Case("credit:investigation_detail", OUTSIDERS, args=investigation),
    Case("credit:investigation_edit", OUTSIDERS, args=investigation),
    Case("credit:request_create", {**OUTSIDERS, "credit_approver": 403}, args=own),
    Case("credit:request_detail", OUTSIDERS, args=submitted),
    Case("credit:request_detail", {}, args=submitted, method="post", default=405),
    Case(
        "credit:request_decide",
        {**NO_REPS, "other_manager": 404},
        args=submitted,
        method="post",
        data=lambda objects: {"action": "approve", "comment": "ok"},
        default=302,
    ),
    Case("credit:request_decide", NO_REPS, args=submitted, default=405),
    Case(
        "credit:request_resubmit",
        {"rep": 200, **OUTSIDERS, "teammate": 403, "manager": 403, "credit_approver": 403, "admin": 403},
        args=returned,
    ),
    Case("credit:holds", OFFICERS_ONLY),
    Case("credit:holds_export", OFFICERS_ONLY),
    Case(
        "credit:hold_decide",
        OFFICERS_ONLY,
        args=hold,
        method="post",
        data=lambda objects: {"decision": "release", "reason": "Paid in advance"},
        default=302,
    ),
    Case("credit:hold_decide", OFFICERS_ONLY, args=hold, default=405),
    Case("credit:limit_set", OFFICERS_ONLY, args=own),
    Case("credit:write_off_create", OFFICERS_ONLY, args=own),
]


@pytest.fixture
def objects(account, teammate):
    made = CreditInvestigationFactory(account=account)
    # One open request per account: the returned one is for a second account seen alike.
    second = AccountFactory(owner=account.owner)
    AccountTeamMemberFactory(account=second, user=teammate)
    return {
        "account": account,
        "investigation": made,
        "submitted": CreditRequestFactory(account=account, investigation=made),
        "returned": CreditRequestFactory(account=second, status=RequestStatus.RETURNED),
        "hold": CreditHoldFactory(account=account),
    }


@pytest.mark.parametrize(("case", "role"), [param for case in CASES for param in case.params()], ids=case_id)
def test_credit_pages_answer_each_role(client, cast, objects, case, role):
    check_case(client, case, role, cast, objects)
