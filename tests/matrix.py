"""The url × role matrix: every page, every role, the status it must answer.

Each app's test package declares its ``CASES`` in a module named ``test_url_matrix.py``
and runs them with :func:`check_case`. A case names the URL, how to build its arguments
from the fixtures, the HTTP method, and the status expected per role; roles left out get
``default``. "anonymous" is the logged-out visitor: a redirect to the login page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

ROLES = ("anonymous", "rep", "teammate", "manager", "other_rep", "other_manager", "credit_approver", "admin")
# The administration pages: every signed-in role but the admin is refused.
ADMIN_ONLY = dict.fromkeys(("rep", "teammate", "manager", "other_rep", "other_manager", "credit_approver"), 403)


@dataclass(frozen=True)
class Case:
    url_name: str
    expected: dict[str, int]
    args: Callable[[dict], list] = lambda objects: []
    method: str = "get"
    data: Callable[[dict], dict] = lambda objects: {}
    default: int = 200

    def status_for(self, role: str) -> int:
        if role == "anonymous":
            return self.expected.get("anonymous", 302)
        return self.expected.get(role, self.default)

    def params(self) -> list[tuple[Case, str]]:
        return [(self, role) for role in ROLES]


def case_id(value) -> str:
    return f"{value.method}:{value.url_name}" if isinstance(value, Case) else str(value)


def check_case(client, case: Case, role: str, cast: dict, objects: dict) -> None:
    if role != "anonymous":
        client.force_login(cast[role])
    url = reverse(case.url_name, args=case.args(objects))
    response = getattr(client, case.method)(url, case.data(objects))
    expected = case.status_for(role)
    assert response.status_code == expected, (
        f"{role} {case.method.upper()} {url}: {response.status_code}, not {expected}"
    )
    if role == "anonymous" and expected == 302:
        assert reverse("login") in response["Location"]
