"""The opportunity links a page shows answer for the person it shows them to: a credit approver
reads every account's pipeline but may not change it, so their pages show the names without the
edit link, which would answer 403 (accounts/visibility.py: they read the archive only)."""

import re

import pytest
from django.urls import reverse

from tests.factories import OpportunityFactory

OPPORTUNITY_LINK = re.compile(r'href="(/[^"]*opportunities/\d+/[^"]*)"')


def pages(account):
    return [
        reverse("deals:opportunity_board"),
        reverse("deals:opportunity_list"),
        reverse("deals:account_panel", args=[account.pk]),
    ]


@pytest.mark.parametrize("role", ["rep", "manager", "credit_approver", "admin_user"])
def test_every_opportunity_link_shown_answers_for_the_role(client, request, role, account):
    opportunity = OpportunityFactory(account=account, name="Pump retrofit")
    client.force_login(request.getfixturevalue(role))
    for page in pages(account):
        content = client.get(page).content.decode()
        assert "Pump retrofit" in content, page
        for link in OPPORTUNITY_LINK.findall(content):
            assert client.get(link).status_code == 200, f"{role}: {link} on {page}"
    edit = reverse("deals:opportunity_edit", args=[opportunity.pk])
    shown = any(edit in client.get(page).content.decode() for page in pages(account))
    assert shown == (role != "credit_approver")
