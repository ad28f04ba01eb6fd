"""Contacts with their buying roles from CSV, through the browser: all rows or none."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contacts.models import AccountCoverage, Contact, ContactRole
from imports.models import ImportStatus, TableImport
from tests.factories import ContactFactory

HEADER = "Account,Name,Title,Roles,Stance\n"
MAPPING = {"account": "Account", "name": "Name", "title": "Title", "roles": "Roles", "stance": "Stance"}


@pytest.fixture
def import_file(client, django_capture_on_commit_callbacks):
    """Upload ``text``, run its dry run and, for "commit", the import; the job as it ends."""

    def import_file(text, action="commit", encoding="utf-8"):
        upload = SimpleUploadedFile("contacts.csv", text.encode(encoding))
        client.post(reverse("contacts:import"), {"file": upload})
        job = TableImport.objects.latest("pk")
        for step in ("dry_run", "commit") if action == "commit" else ("dry_run",):
            with django_capture_on_commit_callbacks(execute=True):
                client.post(reverse("contacts:import_job", args=[job.pk]), {**MAPPING, step: "1"})
        job.refresh_from_db()
        return job

    return import_file


def test_contacts_import_with_roles_then_reimport_creates_nothing(client, rep, account, import_file):
    client.force_login(rep)
    text = (
        HEADER
        + f"{account.code},Zhang Wei,GM,decision_maker;Coach,supporter\n{account.code},Li Na,CTO,技术者,opponent\n"
    )
    client.force_login(rep)
    job = import_file(text)
    assert job.status == ImportStatus.DONE
    zhang = Contact.objects.get(name="Zhang Wei")
    assert zhang.account == account and zhang.stance == "supporter"
    assert set(zhang.roles.active().values_list("role", flat=True)) == {"decision_maker", "coach"}
    assert list(Contact.objects.get(name="Li Na").roles.values_list("role", flat=True)) == ["technical"]
    # The import writes through the contacts services: the stored coverage follows.
    coverage = AccountCoverage.objects.get(account=account)
    assert (coverage.covers_decision_maker, coverage.covers_coach, coverage.covers_technical) == (True, True, True)
    assert not coverage.covers_buyer
    roles_before = ContactRole.objects.count()
    job = import_file(text, action="dry_run")
    assert (job.result["created"], job.result["unchanged"]) == (0, 2)
    import_file(text)
    assert Contact.objects.count() == 2 and ContactRole.objects.count() == roles_before


def test_contacts_reimport_changes_roles_and_ends_the_dropped_one(client, rep, account, import_file):
    contact = ContactFactory(account=account, name="Zhang Wei", title="GM")
    ContactRole.objects.create(contact=contact, role="decision_maker", started_on="2026-01-01")
    client.force_login(rep)
    import_file(HEADER + f"{account.code},Zhang Wei,GM,user,neutral\n")
    assert list(contact.roles.active().values_list("role", flat=True)) == ["user"]
    assert contact.roles.filter(role="decision_maker", ended_on__isnull=False).exists()


def test_contacts_import_with_bad_rows_writes_nothing(client, rep, account, foreign_account, import_file):
    client.force_login(rep)
    text = (
        HEADER
        + f"{account.code},Good,GM,coach,supporter\n"
        + f"{foreign_account.code},Sneaky,GM,,neutral\n"
        + f"{account.code},Wrong role,GM,emperor,neutral\n"
        + f"{account.code},Bad stance,GM,,hostile\n"
    )
    job = import_file(text)
    assert [line for line, _reason in job.result["errors"]] == [3, 4, 5]
    assert not Contact.objects.exists()


def test_credit_approver_may_not_import_contacts(client, credit_approver):
    client.force_login(credit_approver)
    assert client.get(reverse("contacts:import")).status_code == 403


@pytest.mark.parametrize("encoding", ["gbk", "utf-16", "cp1252"])
def test_contacts_import_reads_the_encodings_the_order_import_reads(client, rep, account, import_file, encoding):
    name = "张伟" if encoding != "cp1252" else "Zoë Müller"
    client.force_login(rep)
    job = import_file(HEADER + f"{account.code},{name},GM,coach,supporter\n", encoding=encoding)
    assert job.status == ImportStatus.DONE, job.error
    assert Contact.objects.get(account=account).name == name
