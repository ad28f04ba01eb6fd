"""The credit policy page: an admin changes the policy in the app, it applies at once and is
recorded with who, when, the old and the new value."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from credit import services
from credit.conf import POLICY_KEY, policy
from credit.models import ITEM_NAMES
from tests.forms import form_post
from users.models import SettingChange

pytestmark = pytest.mark.django_db

ALL_FOURS = dict.fromkeys(ITEM_NAMES, 4)
# principal's credit and bank credit at 5, the rest at 3 (weights 3, 3 and 15 by default):
# (6 × 5 + 15 × 3) / (21 × 5) = 71.43 → AA; with principal's credit weighing 30:
# (33 × 5 + 15 × 3) / (48 × 5) = 87.5 → AAA
MIXED = {**dict.fromkeys(ITEM_NAMES, 3), "principal_credit": 5, "bank_credit": 5}


def post_policy(client, django_capture_on_commit_callbacks, **changes):
    form = client.get(reverse("credit:policy")).context["form"]
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("credit:policy"), form_post(form, **changes))


def test_a_weight_changed_on_the_page_changes_the_suggested_limit(
    client, admin_user, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    assert services.rate_investigation(MIXED)[1:] == ("AA", Decimal("1000000"))

    response = post_policy(client, django_capture_on_commit_callbacks, weight_principal_credit="30")

    assert response.status_code == 302
    assert services.rate_investigation(MIXED) == (Decimal("87.50"), "AAA", Decimal("2000000"))
    change = SettingChange.objects.get(key=POLICY_KEY)
    assert change.changed_by == admin_user
    assert change.changed_at is not None
    assert change.previous["item_weights"]["principal_credit"] == 3
    assert change.value["item_weights"]["principal_credit"] == 30


def test_a_band_limit_and_the_review_rule_change_too(client, admin_user, django_capture_on_commit_callbacks):
    client.force_login(admin_user)

    post_policy(
        client,
        django_capture_on_commit_callbacks,
        band_AA_limit="750000",
        review_utilisation="0.75",
        opportunities="weighted",
    )

    assert services.rate_investigation(ALL_FOURS) == (Decimal("80.00"), "AA", Decimal("750000"))
    assert policy()["review_utilisation"] == Decimal("0.75")
    assert policy()["opportunities"] == "weighted"


def test_the_history_shows_who_changed_what(client, admin_user, django_capture_on_commit_callbacks):
    client.force_login(admin_user)
    post_policy(client, django_capture_on_commit_callbacks, review_overdue_days="45")

    page = client.get(reverse("credit:policy"))

    [change] = page.context["changes"]
    assert change.differences == [("review_overdue_days", 30, 45)]
    assert str(admin_user) in page.content.decode()


def test_saving_unchanged_records_nothing(client, admin_user, django_capture_on_commit_callbacks):
    client.force_login(admin_user)

    assert post_policy(client, django_capture_on_commit_callbacks).status_code == 302

    assert not SettingChange.objects.exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"weight_bank_credit": "-1"},
        {"weight_bank_credit": "99999999999999999999"},
        {"band_AA_score": "90"},  # above AAA's 85
        {"writeoff_rep_percent": "50"},  # 50 + 60 ≠ 100
        {"review_utilisation": "NaN"},
        {"dso_window_days": ""},
        {"opportunities": "everything"},
        dict.fromkeys((f"weight_{name}" for name in ITEM_NAMES), "0"),
    ],
)
def test_invalid_input_is_a_form_error(client, admin_user, django_capture_on_commit_callbacks, changes):
    client.force_login(admin_user)

    response = post_policy(client, django_capture_on_commit_callbacks, **changes)

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not SettingChange.objects.exists()
    assert policy()["item_weights"]["bank_credit"] == 3


def test_the_settings_file_stays_the_default_under_the_app(
    client, admin_user, settings, django_capture_on_commit_callbacks
):
    settings.CREDIT_POLICY = {"review_quiet_days": 60}
    client.force_login(admin_user)
    assert client.get(reverse("credit:policy")).context["form"]["review_quiet_days"].value() == 60

    post_policy(client, django_capture_on_commit_callbacks, review_quiet_days="10")

    assert policy()["review_quiet_days"] == 10
