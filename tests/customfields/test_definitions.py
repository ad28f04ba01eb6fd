"""An admin defines custom fields on their pages; a definition is a row, never a migration."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from customfields.models import FieldDefinition
from tests.factories import FieldDefinitionFactory


def post(client, url, **data):
    return client.post(url, {"target": "account", "type": "text", "order": 10, "active": "on", **data})


def test_admin_defines_a_choice_field_and_it_appears_in_the_account_form(client, admin_user, rep, account):
    client.force_login(admin_user)
    response = post(client, reverse("customfields:create"), key="tier", label="Tier", type="choice",
                    choices="Gold\nSilver\n\nGold\n")  # fmt: skip
    assert response.status_code == 302
    definition = FieldDefinition.objects.get(key="tier")
    assert definition.choices == ["Gold", "Silver"]
    assert "Tier" in client.get(reverse("customfields:list")).content.decode()
    client.force_login(rep)
    form = client.get(reverse("accounts:edit", args=[account.pk])).context["form"]
    assert [value for value, _label in form.fields["cf_tier"].choices] == ["", "Gold", "Silver"]


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"key": "Tier"}, "key"),  # capitals
        ({"key": "a__b"}, "key"),  # a lookup path
        ({"key": "x" * 41}, "key"),
        ({"type": "choice"}, "choices"),  # a choice field without choices
        ({"choices": "A"}, "choices"),  # choices on a text field
        ({"target": "order"}, "target"),
    ],
)
def test_a_definition_that_cannot_work_is_refused(client, admin_user, data, error):
    client.force_login(admin_user)
    response = post(client, reverse("customfields:create"), **{"key": "ok", "label": "Label", **data})
    assert response.status_code == 200
    assert error in response.context["form"].errors
    assert not FieldDefinition.objects.exists()


def test_a_key_is_unique_per_record_but_not_across_records(client, admin_user):
    FieldDefinitionFactory(key="tier")
    client.force_login(admin_user)
    assert post(client, reverse("customfields:create"), key="tier", label="Again").status_code == 200
    assert post(client, reverse("customfields:create"), key="tier", label="C", target="contact").status_code == 302


def test_the_key_and_type_stay_once_defined_and_the_label_changes(client, admin_user):
    definition = FieldDefinitionFactory(key="tier", label="Tier")
    client.force_login(admin_user)
    url = reverse("customfields:update", args=[definition.pk])
    response = post(client, url, key="other", type="number", label="Account tier", active="")
    assert response.status_code == 302
    definition.refresh_from_db()
    assert (definition.key, definition.type, definition.label, definition.active) == (
        "tier",
        "text",
        "Account tier",
        False,
    )


def test_defining_fields_needs_no_migration(db, capsys):
    FieldDefinitionFactory.create_batch(3)
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)  # exits non-zero on a change
