"""Likely duplicates: the credit code's checksum, the keys, and the warning on create and import."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.credit_code import check_character, is_valid_credit_code
from accounts.duplicates import Candidate, import_warnings, name_key, phone_key
from accounts.models import Account
from tests.factories import AccountFactory

# Real codes printed on business licences (GB 32100-2015).
VALID = ["91350100M000100Y43", "9144030071526726XG", "914403001922038216", "911000001000013428"]


@pytest.mark.parametrize("code", VALID)
def test_real_credit_codes_pass_the_checksum(code):
    assert is_valid_credit_code(code)
    assert is_valid_credit_code(code.lower())  # as typed; stored upper case


@pytest.mark.parametrize(
    "code",
    [
        "91350100M000100Y44",  # wrong check character
        "91350100M000100Y4",  # 17 characters
        "91350100M000100Y433",  # 19
        "9135010OM000100Y43",  # O is not in the character set
        "91350100I000100Y43",  # nor I
        "",
    ],
)
def test_wrong_credit_codes_fail(code):
    assert not is_valid_credit_code(code)


def test_the_check_character_follows_the_standards_weights():
    # 3^i mod 31 over the first 17; 31 - sum mod 31, where 31 is written 0.
    assert check_character("91350100M000100Y4") == "3"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Collier-Lee", "collier lee Co., Ltd."),
        ("Collier-Lee", "COLLIER LEE INC."),
        ("福州某某科技有限公司", "福州某某科技股份有限公司"),
        ("Collier-Lee", "Ｃｏｌｌｉｅｒ－Ｌｅｅ"),
    ],
)
def test_name_variants_share_a_key(one, other):
    assert name_key(one) == name_key(other)


def test_phones_written_differently_share_a_key():
    assert phone_key("+86 21 1234 5678") == phone_key("021-1234-5678") == phone_key("(021)12345678")
    assert phone_key("123") == ""


def test_creating_a_name_variant_warns_then_creates_when_saved_again(client, rep):
    existing = AccountFactory(owner=rep, name="Collier-Lee")
    client.force_login(rep)
    data = {
        "code": "NEW-1",
        "name": "Collier Lee Co., Ltd.",
        "industry": "other",
        "lifecycle": "active",
        "owner": rep.pk,
    }

    warned = client.post(reverse("accounts:create"), data)

    assert warned.status_code == 200
    assert b"duplicates-warning" in warned.content and existing.code.encode() in warned.content
    assert not Account.objects.filter(code="NEW-1").exists()
    seen = warned.context["form"]["duplicates_seen"].value()
    created = client.post(reverse("accounts:create"), {**data, "duplicates_seen": seen})
    assert created.status_code == 302
    assert Account.objects.get(code="NEW-1").name_key == existing.name_key


def test_creating_with_a_taken_credit_code_warns_and_names_the_account(client, rep):
    existing = AccountFactory(owner=rep, name="Fuzhou Example", credit_code="91350100M000100Y43")
    client.force_login(rep)
    data = {"code": "NEW-2", "name": "Something else", "industry": "other", "lifecycle": "active", "owner": rep.pk}

    response = client.post(reverse("accounts:create"), {**data, "credit_code": "91350100m000100y43"})

    assert response.status_code == 200
    assert b"duplicates-warning" in response.content and existing.code.encode() in response.content
    assert not Account.objects.filter(code="NEW-2").exists()


def test_an_invalid_credit_code_is_refused(client, rep):
    client.force_login(rep)
    data = {"code": "NEW-3", "name": "X", "industry": "other", "lifecycle": "active", "owner": rep.pk}

    response = client.post(reverse("accounts:create"), {**data, "credit_code": "91350100M000100Y44"})

    assert response.status_code == 200 and response.context["form"].has_error("credit_code")


def test_a_duplicate_the_rep_cannot_see_is_counted_not_named(client, rep, other_rep):
    hidden = AccountFactory(owner=other_rep, name="Collier-Lee")
    client.force_login(rep)
    data = {"code": "NEW-4", "name": "collier lee", "industry": "other", "lifecycle": "active", "owner": rep.pk}

    response = client.post(reverse("accounts:create"), data)

    assert b"duplicates-warning" in response.content
    assert hidden.code.encode() not in response.content and hidden.name.encode() not in response.content


def test_an_import_warns_of_a_name_variant_and_a_credit_code_and_of_twins_in_the_file(rep):
    AccountFactory(owner=rep, code="OLD-1", name="Collier-Lee")
    AccountFactory(owner=rep, code="OLD-2", name="Other", credit_code="9144030071526726XG")
    rows = [
        (2, "NEW-1", Candidate(name="Collier Lee Ltd")),
        (3, "NEW-2", Candidate(name="Brand new", credit_code="9144030071526726XG")),
        (4, "NEW-3", Candidate(name="Unrelated", email="buy@example.com")),
        (5, "NEW-4", Candidate(name="Unrelated too", email="BUY@example.com")),
        (6, "OLD-2", Candidate(name="Other")),  # the account itself, updated: no warning
    ]

    warnings = dict(import_warnings(rows, user=rep))

    assert "OLD-1" in warnings[2] and "OLD-2" in warnings[3]
    assert "4" in warnings[5] and 4 not in warnings and 6 not in warnings


def test_the_account_import_reports_likely_duplicates_and_stores_credit_codes_upper_case(rep):
    import tablib

    from accounts.importing import import_accounts

    AccountFactory(owner=rep, code="OLD-1", name="Collier-Lee")
    dataset = tablib.Dataset(headers=["code", "name", "owner", "credit_code"])
    dataset.append(["NEW-1", "Collier Lee Co., Ltd.", rep.username, "91350100m000100y43"])

    report = import_accounts(dataset=dataset, mapping={}, user=rep, dry_run=False)

    assert report.committed and report.summary(dry_run=False)["warning_count"] == 1
    assert "OLD-1" in report.warnings[0][1]
    created = Account.objects.get(code="NEW-1")
    assert created.credit_code == "91350100M000100Y43" and created.name_key == "collierlee"
