"""Every visits page against every role (see tests/matrix.py)."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import ComplaintFactory, PlanItemFactory, VisitFactory
from tests.matrix import ADMIN_ONLY, Case, case_id, check_case
from visits.services import calendar_feed_issue

OUTSIDERS = {"other_rep": 404, "other_manager": 404}
NOT_THEIR_PLAN = {"teammate": 404, **OUTSIDERS, "credit_approver": 403}
NO_PLAN = {"credit_approver": 403}
TEAM_ONLY = {"rep": 403, "teammate": 403, "other_rep": 403, "credit_approver": 403}
account = lambda objects: [objects["account"].pk]  # noqa: E731
item = lambda objects: [objects["item"].pk]  # noqa: E731
complaint = lambda objects: [objects["complaint"].pk]  # noqa: E731
visit = lambda objects: [objects["visit"].pk]  # noqa: E731
token = lambda objects: [objects["token"]]  # noqa: E731
soon = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()


def plan_add_data(objects):
    return {"rep": objects["rep"].pk, "account": objects["account"].code, "planned_on": soon, "time_of_day": "any"}


def visit_data(objects):
    return {"visited_on": timezone.localdate().isoformat(), "purpose": "routine", "outcome": "ok"}


CASES = [
    Case("visits:settings", ADMIN_ONLY),
    Case("visits:settings", ADMIN_ONLY, method="post"),  # nothing posted: the formsets' errors
    Case("visits:plan", NO_PLAN),
    # The plan's own period links carry its subject: a rep's plan opened by their manager or an admin.
    Case("visits:plan", NOT_THEIR_PLAN, data=lambda o: {"rep": o["rep"].pk, "period": "month"}),
    Case("visits:plan", {**NO_PLAN}, method="post", default=405),
    Case("visits:plan_suggest", NO_PLAN, method="post", default=302),
    Case("visits:plan_suggest", NO_PLAN, default=405),
    Case("visits:plan_account_options", NOT_THEIR_PLAN, data=lambda o: {"rep": o["rep"].pk, "q": o["account"].code}),
    Case("visits:plan_account_options", {**NO_PLAN}, method="post", default=405),
    Case("visits:plan_add", NOT_THEIR_PLAN, method="post", data=plan_add_data, default=302),
    Case(
        "visits:plan_move", NOT_THEIR_PLAN, args=item, method="post", data=lambda o: {"planned_on": soon}, default=302
    ),
    Case("visits:plan_drop", NOT_THEIR_PLAN, args=item, method="post", data=lambda o: {"reason": "ill"}, default=302),
    Case("visits:plan_drop", {**NO_PLAN}, args=item, default=405),
    Case("visits:plan_export", NO_PLAN),
    Case(
        "visits:plan_export", NOT_THEIR_PLAN, data=lambda o: {"rep": o["rep"].pk, "period": "month", "format": "xlsx"}
    ),
    Case("visits:team_plan", TEAM_ONLY),
    Case("visits:team_plan_export", TEAM_ONLY),
    Case("visits:team_plan_export", TEAM_ONLY, data=lambda o: {"period": "month", "format": "xlsx"}),
    Case("visits:team_plan_export", {**TEAM_ONLY}, method="post", default=405),
    Case("visits:due", {}),
    Case("visits:due_export", {}),
    Case("visits:due_export", {}, method="post", default=405),
    Case("visits:account_panel", OUTSIDERS, args=account),
    Case("visits:log", {**OUTSIDERS, "credit_approver": 403}, args=account),
    Case(
        "visits:log", {**OUTSIDERS, "credit_approver": 403}, args=account, method="post", data=visit_data, default=302
    ),
    # The account's location from a visit's check-in: the CHANGE door, after the visit's visibility.
    Case("visits:account_locate", {**OUTSIDERS, "credit_approver": 403}, args=visit, method="post", default=302),
    Case("visits:account_locate", {**NO_PLAN}, args=visit, default=405),
    Case("visits:complaint_create", {**OUTSIDERS, "credit_approver": 403}, args=account),
    Case("visits:complaint_list", {}),
    Case("visits:complaint_export", {}),
    Case("visits:complaint_export", {}, method="post", default=405),
    Case("visits:complaint_report", {}),
    Case("visits:complaint_detail", OUTSIDERS, args=complaint),
    Case(
        "visits:complaint_resolve",
        {**OUTSIDERS, "credit_approver": 403},
        args=complaint,
        method="post",
        data=lambda o: {"satisfied": "yes", "resolution": "fixed"},
        default=302,
    ),
    Case("visits:calendar", NO_PLAN),
    Case("visits:calendar", NO_PLAN, method="post", data=lambda o: {"action": "issue"}, default=302),
    Case("visits:calendar_feed", {"anonymous": 200}, args=token),
    Case("visits:calendar_feed", {"anonymous": 405}, args=token, method="post", default=405),
]


@pytest.fixture
def objects(rep, account):
    return {
        "rep": rep,
        "account": account,
        "item": PlanItemFactory(account=account, rep=rep),
        "complaint": ComplaintFactory(account=account),
        "visit": VisitFactory(account=account, check_in_latitude="31.230400", check_in_longitude="121.473700"),
        "token": calendar_feed_issue(user=rep).token,
    }


@pytest.mark.parametrize(("case", "role"), [param for case in CASES for param in case.params()], ids=case_id)
def test_visits_pages_answer_each_role(client, cast, objects, case, role):
    check_case(client, case, role, cast, objects)
