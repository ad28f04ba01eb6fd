"""Custom fields on contacts (form, page, history, import, API) and opportunities (form, API)."""

from __future__ import annotations

import csv
import io

import tablib
from django.urls import reverse

from contacts.importing import import_contacts
from contacts.selectors import contact_history
from customfields.models import FieldType, Target
from tests.api.conftest import make_token
from tests.factories import ContactFactory, FieldDefinitionFactory, OpportunityFactory

CONTACT = {"name": "Wang Fang", "layer": "management", "stance": "neutral", "influence": 2, "relationship_strength": 1}


def test_a_contact_custom_field_is_filled_shown_and_kept_in_history(client, rep, account, contact_field):
    contact = ContactFactory(account=account, name="Wang Fang")
    client.force_login(rep)
    url = reverse("contacts:edit", args=[contact.pk])
    assert client.post(url, {**CONTACT, "cf_badge": "Red"}).status_code == 302
    assert client.post(url, {**CONTACT, "cf_badge": "Blue"}).status_code == 302
    contact.refresh_from_db()
    assert contact.custom == {"badge": "Blue"}
    assert "Badge colour" in client.get(reverse("contacts:edit", args=[contact.pk])).content.decode()
    page = client.get(contact.get_absolute_url()).content.decode()
    assert "Badge colour" in page and "Blue" in page
    changes = [change for entry in contact_history(contact=contact) for change in entry["changes"]]
    assert ("Badge colour", "Red", "Blue") in changes


def test_the_contact_import_fills_a_custom_column(rep, account, contact_field):
    dataset = tablib.Dataset(headers=["account", "name", "Badge colour"])
    dataset.append([account.code, "Li Lei", "Green"])
    mapping = {"account": "account", "name": "name", "cf_badge": "Badge colour"}
    report = import_contacts(dataset=dataset, mapping=mapping, user=rep, dry_run=False)
    assert report.ok, report.errors
    assert account.contacts.get(name="Li Lei").custom == {"badge": "Green"}


def test_an_opportunity_custom_field_through_the_form_and_the_api(client, rep, account):
    FieldDefinitionFactory(target=Target.OPPORTUNITY, key="tender", label="Public tender", type=FieldType.YES_NO)
    opportunity = OpportunityFactory(account=account, owner=rep)
    client.force_login(rep)
    form = client.get(reverse("deals:opportunity_edit", args=[opportunity.pk])).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    response = client.post(reverse("deals:opportunity_edit", args=[opportunity.pk]), {**data, "cf_tender": "true"})
    assert response.status_code == 302
    opportunity.refresh_from_db()
    assert opportunity.custom == {"tender": True}
    headers = {"HTTP_AUTHORIZATION": f"Bearer {make_token(rep)}"}
    body = client.get(reverse("api:opportunity-detail", args=[opportunity.pk]), **headers).json()
    assert body["custom"] == {"tender": True}


def test_the_opportunity_export_holds_the_custom_columns(client, rep, account):
    FieldDefinitionFactory(target=Target.OPPORTUNITY, key="tender", label="Public tender", type=FieldType.YES_NO)
    OpportunityFactory(account=account, owner=rep, name="Pumps", custom={"tender": True})
    OpportunityFactory(account=account, owner=rep, name="Valves")
    client.force_login(rep)
    response = client.get(reverse("deals:opportunity_export"), {"format": "csv"})
    rows = {row["name"]: row for row in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))}
    assert rows["Pumps"]["cf_tender"] == "Yes" and rows["Valves"]["cf_tender"] == ""


def test_the_opportunity_list_and_its_export_filter_by_a_custom_field(client, rep, account):
    FieldDefinitionFactory(target=Target.OPPORTUNITY, key="tender", label="Public tender", type=FieldType.YES_NO)
    OpportunityFactory(account=account, owner=rep, name="Pumps", custom={"tender": True})
    OpportunityFactory(account=account, owner=rep, name="Valves", custom={"tender": False})
    client.force_login(rep)
    response = client.get(reverse("deals:opportunity_list"), {"cf_tender": "true"})
    assert [opportunity.name for opportunity in response.context["opportunities"]] == ["Pumps"]
    assert 'name="cf_tender"' in response.content.decode()
    export = client.get(reverse("deals:opportunity_export"), {"format": "csv", "cf_tender": "false"})
    rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert [row["name"] for row in rows] == ["Valves"]
