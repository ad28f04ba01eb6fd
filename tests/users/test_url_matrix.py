"""The notification pages against every role (see tests/matrix.py)."""

import pytest

from tests.matrix import Case, case_id, check_case

CASES = [
    Case("notifications", {}),
    Case("notifications_badge", {}),
    Case("notifications_badge", {}, method="post", default=405),
    Case("notifications_mark_read", {}, method="post", default=302),
    Case("notifications_mark_read", {}, default=405),
]


@pytest.mark.parametrize(("case", "role"), [param for case in CASES for param in case.params()], ids=case_id)
def test_notification_pages_answer_each_role(client, cast, case, role):
    check_case(client, case, role, cast, {})
