"""The operators' endpoints against every role (see tests/matrix.py): probes and scrapes come
without a login, so the anonymous visitor gets the same answer as everyone."""

import pytest

from tests.matrix import ROLES, Case, case_id, check_case

EVERYONE = dict.fromkeys(ROLES, 200)
CASES = [
    Case("ops:healthz", EVERYONE),
    Case("ops:healthz", dict.fromkeys(ROLES, 405), method="post"),
    Case("ops:readyz", EVERYONE),
    Case("ops:readyz", dict.fromkeys(ROLES, 405), method="post"),
    # Without the bearer token (METRICS_TOKEN), whoever is logged in: tests/ops/test_metrics.py scrapes with it.
    Case("ops:metrics", dict.fromkeys(ROLES, 401)),
]


@pytest.fixture(autouse=True)
def _services_up(settings):
    settings.REDIS_URL = ""
    settings.READYZ_REQUIRE_WORKER = False


@pytest.mark.parametrize(("case", "role"), [param for case in CASES for param in case.params()], ids=case_id)
def test_operator_endpoints_answer_each_role(client, cast, case, role):
    check_case(client, case, role, cast, {})
