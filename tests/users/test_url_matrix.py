"""The site-wide pages against every role (see tests/matrix.py)."""

import pytest

from tests.factories import NotificationFactory, RegionFactory
from tests.matrix import ADMIN_ONLY, Case, case_id, check_case

ADMIN_200 = {"admin": 200}  # with default=403: every other role refused
NOT_THEIRS = dict.fromkeys(("teammate", "manager", "other_rep", "other_manager", "credit_approver", "admin"), 404)

CASES = [
    Case("home", {}, default=302),
    Case("login", {"anonymous": 200}, default=302),  # a logged-in user goes straight on
    Case("logout", {}, default=405),  # only POST logs out
    Case("logout", {}, method="post", default=302),
    Case("password_change", {}),
    Case("password_change_done", {}),
    Case("set_language", {"anonymous": 405}, default=405),
    Case(
        "set_language",
        {"anonymous": 302},
        method="post",
        default=302,
        data=lambda objects: {"language": "en", "next": "/login/"},
    ),
    # Single sign-on through OpenID Connect is off unless configured: then nobody finds it.
    Case("oidc_authentication_init", {"anonymous": 404}, default=404),
    Case("oidc_authentication_callback", {"anonymous": 404}, default=404),
    Case("oidc_authentication_init", {"anonymous": 405}, method="post", default=405),
    Case("two_factor_setup", {}),
    Case("two_factor_setup", {}, method="post", default=400),  # no code
    Case("two_factor_setup", {}, method="put", default=405),
    Case("two_factor_verify", {}),
    Case("two_factor_verify", {}, method="post", default=400),  # no code
    Case("notifications", {}),
    Case("notifications_export", {}),
    Case("notifications_export", {}, data=lambda o: {"format": "xlsx"}),
    Case("notifications_export", {}, method="post", default=405),
    Case("notifications_badge", {}),
    Case("notifications_badge", {}, method="post", default=405),
    Case("notifications_mark_read", {}, method="post", default=302),
    Case("notifications_mark_read", {}, default=405),
    # The rep's own notification: opening it follows its link; nobody else's opens.
    Case("notification_open", NOT_THEIRS, args=lambda o: [o["notification"].pk], default=302),
    Case("notification_open", {}, args=lambda o: [o["notification"].pk], method="post", default=405),
    # Users and teams: the admins' pages; posting nothing shows the form's errors.
    Case("people", ADMIN_ONLY),
    Case("person_invite", ADMIN_ONLY),
    Case("person_invite", ADMIN_ONLY, method="post"),
    Case("person_edit", ADMIN_ONLY, args=lambda o: [o["notification"].recipient_id]),
    Case("person_edit", ADMIN_ONLY, args=lambda o: [o["notification"].recipient_id], method="post"),
    Case("team_create", ADMIN_ONLY),
    Case("team_create", ADMIN_ONLY, method="post"),
    Case("team_edit", ADMIN_ONLY, args=lambda o: [o["notification"].recipient.team_id]),
    # The invitation's link is opened signed out; a wrong one says so.
    Case("password_set", {"anonymous": 200}, args=lambda o: ["MQ", "set-password"]),
    Case("password_reset_complete", {"anonymous": 200}),
    # The regions and their areas: admins keep them.
    Case("regions", ADMIN_200, default=403),
    Case("regions", ADMIN_200, method="post", default=403),  # an empty form: shown again with its errors
    Case("region_edit", ADMIN_200, args=lambda o: [o["region"].pk], default=403),
    # The region filter's search: every role filters by region, and regions hide nothing.
    Case("region_options", {}, data=lambda o: {"q": "North"}),
    Case("region_options", {}, method="post", default=405),
    Case(
        "region_edit",
        {"admin": 302},
        args=lambda o: [o["region"].pk],
        method="post",
        default=403,
        data=lambda o: {"code": "N2", "name": "North"},
    ),
]


@pytest.mark.parametrize(("case", "role"), [param for case in CASES for param in case.params()], ids=case_id)
def test_site_pages_answer_each_role(client, cast, case, role):
    objects = {"notification": NotificationFactory(recipient=cast["rep"]), "region": RegionFactory(code="N")}
    check_case(client, case, role, cast, objects)
