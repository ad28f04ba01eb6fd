"""Every integrations page against every role (see tests/matrix.py). Chat channels: each
person their own, managers their teams', admins every team's; webhooks: admins only."""

import pytest

from tests.factories import ChatChannelFactory, WebhookSubscriptionFactory
from tests.matrix import Case, case_id, check_case

LOCAL = "http://127.0.0.1:9/closed"  # nothing listens: no request leaves the machine
# The North team's channel: its manager and the admins.
TEAM_ONLY = {"rep": 404, "teammate": 404, "other_rep": 404, "other_manager": 404, "credit_approver": 404}
# The rep's own channel: the rep alone.
REP_ONLY = {"rep": 302}
ADMIN_ONLY = {"admin": 200}
team_channel = lambda objects: [objects["team_channel"].pk]  # noqa: E731
own_channel = lambda objects: [objects["own_channel"].pk]  # noqa: E731
webhook = lambda objects: [objects["webhook"].pk]  # noqa: E731

CASES = [
    Case("integrations:channels", {}),
    Case("integrations:channels", {}, method="post"),  # an empty form: shown again with its errors
    Case("integrations:channel_edit", TEAM_ONLY, args=team_channel),
    Case("integrations:channel_edit", {"rep": 200}, args=own_channel, default=404),
    Case("integrations:channel_edit", TEAM_ONLY, args=team_channel, method="post"),
    Case("integrations:channel_delete", {}, args=team_channel, default=405),
    Case("integrations:channel_delete", REP_ONLY, args=own_channel, method="post", default=404),
    Case("integrations:channel_test", {}, args=team_channel, default=405),
    Case("integrations:channel_test", TEAM_ONLY, args=team_channel, method="post", default=302),
    Case("integrations:channel_test", REP_ONLY, args=own_channel, method="post", default=404),
    Case("integrations:webhooks", ADMIN_ONLY, default=403),
    Case("integrations:webhooks", ADMIN_ONLY, method="post", default=403),
    Case("integrations:webhook_edit", ADMIN_ONLY, args=webhook, default=403),
    Case("integrations:webhook_edit", ADMIN_ONLY, args=webhook, method="post", default=403),
    Case("integrations:webhook_delete", {"admin": 405}, args=webhook, default=403),
    Case("integrations:webhook_delete", {"admin": 302}, args=webhook, method="post", default=403),
    Case("integrations:webhook_test", {"admin": 405}, args=webhook, default=403),
    Case("integrations:webhook_test", {"admin": 302}, args=webhook, method="post", default=403),
]


@pytest.fixture
def objects(rep, north):
    return {
        "team_channel": ChatChannelFactory(team=north, url=LOCAL),
        "own_channel": ChatChannelFactory(user=rep, url=LOCAL),
        "webhook": WebhookSubscriptionFactory(url=LOCAL),
    }


@pytest.mark.parametrize(("case", "role"), [param for case in CASES for param in case.params()], ids=case_id)
def test_integrations_pages_answer_each_role(client, cast, objects, case, role):
    check_case(client, case, role, cast, objects)
