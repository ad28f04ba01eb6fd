"""Contacts with their buying roles from CSV, through the browser: all rows or none."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contacts.models import Contact, ContactRole
from tests.factories import ContactFactory

HEADER = "Account,Name,Title,Roles,Stance\n"


def import_file(client, text, action="commit"):
    client.post(reverse("contacts:import"), {"file": SimpleUploadedFile("contacts.csv", text.encode("utf-8"))})
    mapping = {"account": "Account", "name": "Name", "title": "Title", "roles": "Roles", "stance": "Stance"}
    return client.post(reverse("contacts:import_map"), {**mapping, action: "1"})


def test_contacts_import_with_roles_then_reimport_creates_nothing(client, rep, account):
    client.force_login(rep)
    text = (
        HEADER
        + f"{account.code},Zhang Wei,GM,decision_maker;Coach,supporter\n{account.code},Li Na,CTO,技术者,opponent\n"
    )
    client.force_login(rep)
    response = import_file(client, text)
    assert response.status_code == 302
    zhang = Contact.objects.get(name="Zhang Wei")
    assert zhang.account == account and zhang.stance == "supporter"
    assert set(zhang.roles.active().values_list("role", flat=True)) == {"decision_maker", "coach"}
    assert list(Contact.objects.get(name="Li Na").roles.values_list("role", flat=True)) == ["technical"]
    roles_before = ContactRole.objects.count()
    response = import_file(client, text, action="dry_run")
    assert (response.context["report"].created, response.context["report"].unchanged) == (0, 2)
    import_file(client, text)
    assert Contact.objects.count() == 2 and ContactRole.objects.count() == roles_before


def test_contacts_reimport_changes_roles_and_ends_the_dropped_one(client, rep, account):
    contact = ContactFactory(account=account, name="Zhang Wei", title="GM")
    ContactRole.objects.create(contact=contact, role="decision_maker", started_on="2026-01-01")
    client.force_login(rep)
    import_file(client, HEADER + f"{account.code},Zhang Wei,GM,user,neutral\n")
    assert list(contact.roles.active().values_list("role", flat=True)) == ["user"]
    assert contact.roles.filter(role="decision_maker", ended_on__isnull=False).exists()


def test_contacts_import_with_bad_rows_writes_nothing(client, rep, account, foreign_account):
    client.force_login(rep)
    text = (
        HEADER
        + f"{account.code},Good,GM,coach,supporter\n"
        + f"{foreign_account.code},Sneaky,GM,,neutral\n"
        + f"{account.code},Wrong role,GM,emperor,neutral\n"
        + f"{account.code},Bad stance,GM,,hostile\n"
    )
    response = import_file(client, text)
    assert [line for line, _reason in response.context["report"].errors] == [3, 4, 5]
    assert not Contact.objects.exists()


def test_credit_approver_may_not_import_contacts(client, credit_approver):
    client.force_login(credit_approver)
    assert client.get(reverse("contacts:import")).status_code == 403
