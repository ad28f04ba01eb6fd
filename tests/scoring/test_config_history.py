"""A threshold changed on the configuration page changes the next run's tiers, and the change
is recorded with who, when, the old and the new value."""

from __future__ import annotations

from django.urls import reverse

from scoring import services
from scoring.models import RunTrigger, ScoringResult
from tests.forms import form_post
from users.models import SettingChange

from .book import AS_OF


def tiers(run) -> dict[str, str]:
    return dict(ScoringResult.objects.filter(run=run).values_list("account__code", "abc_tier"))


def test_a_lower_a_threshold_makes_fewer_a_accounts_in_the_next_run(client, admin_user, book):
    before = services.rescore(as_of=AS_OF, trigger=RunTrigger.COMMAND)
    assert tiers(before)["K03"] == "A"  # 70 % of the total ranked above it: below 80 %
    client.force_login(admin_user)
    form = client.get(reverse("scoring:config")).context["form"]

    response = client.post(reverse("scoring:config"), form_post(form, a_threshold="60"))

    assert response.status_code == 302
    after = services.rescore(as_of=AS_OF, trigger=RunTrigger.COMMAND)
    assert after.pk != before.pk
    assert [code for code, tier in sorted(tiers(after).items()) if tier == "A"] == ["K01", "K02"]
    assert tiers(after)["K03"] == "B"
    change = SettingChange.objects.get(key=services.CONFIG_KEY)
    assert (change.changed_by, change.previous["a_threshold"], change.value["a_threshold"]) == (admin_user, "80", "60")
    page = client.get(reverse("scoring:config"))
    assert page.context["changes"][0].differences == [("a_threshold", "80", "60")]


def test_saving_the_configuration_unchanged_records_nothing(client, admin_user):
    client.force_login(admin_user)
    form = client.get(reverse("scoring:config")).context["form"]

    assert client.post(reverse("scoring:config"), form_post(form)).status_code == 302

    assert not SettingChange.objects.exists()


def test_a_threshold_out_of_bounds_is_a_form_error(client, admin_user):
    client.force_login(admin_user)
    form = client.get(reverse("scoring:config")).context["form"]

    response = client.post(reverse("scoring:config"), form_post(form, a_threshold="99999999999999999999"))

    assert response.status_code == 200
    assert "a_threshold" in response.context["form"].errors
    assert not SettingChange.objects.exists()
