"""Contacts: the personal file, roles, org chart, leaving, history, search."""

from __future__ import annotations

import pytest
from django.urls import reverse

from contacts.models import BuyingRole, Contact, RelationshipStrength
from tests.factories import (
    AccountFactory,
    CompetitorFactory,
    ContactFactory,
    ContactRoleFactory,
    InfluenceLinkFactory,
)

FIELDS = {"layer": "management", "stance": "neutral", "influence": 2, "relationship_strength": 1}


def test_rep_creates_a_contact_with_several_roles_and_a_personal_file(client, rep, account):
    boss = ContactFactory(account=account, name="Boss")
    rival = CompetitorFactory(account=account, name="Acme")
    client.force_login(rep)
    response = client.post(
        reverse("contacts:create", args=[account.pk]),
        {
            **FIELDS,
            "name": "Wang Fang",
            "title": "CTO",
            "reports_to": boss.pk,
            "stance": "opponent",
            "backed_competitor": rival.pk,
            "roles": ["technical", "user"],
            "birthday": "1980-05-04",
            "hobbies": "Golf",
            "wechat": "wangfang",
            "relationship_owner": rep.pk,
        },
    )
    contact = Contact.objects.get(name="Wang Fang")
    assert response.status_code == 302 and response["Location"] == contact.get_absolute_url()
    assert contact.account == account and contact.reports_to == boss and contact.backed_competitor == rival
    assert set(contact.roles.active().values_list("role", flat=True)) == {"technical", "user"}
    assert str(contact.birthday) == "1980-05-04"
    assert contact.history.get().history_user == rep
    page = client.get(contact.get_absolute_url()).content.decode()
    assert "Golf" in page and "Acme" in page


def test_reports_to_must_be_at_the_same_account(client, rep, account, foreign_account):
    outsider = ContactFactory(account=foreign_account)
    client.force_login(rep)
    response = client.post(
        reverse("contacts:create", args=[account.pk]), {**FIELDS, "name": "X", "reports_to": outsider.pk}
    )
    assert response.status_code == 200
    assert "reports_to" in response.context["form"].errors
    assert not Contact.objects.filter(name="X").exists()


def test_a_reporting_loop_is_refused(client, rep, account):
    top = ContactFactory(account=account, name="Top")
    below = ContactFactory(account=account, name="Below", reports_to=top)
    client.force_login(rep)
    response = client.post(reverse("contacts:edit", args=[top.pk]), {**FIELDS, "name": "Top", "reports_to": below.pk})
    assert response.status_code == 200
    top.refresh_from_db()
    assert top.reports_to is None


def test_editing_roles_ends_the_old_one_and_the_change_shows_in_history(client, rep, account):
    contact = ContactFactory(account=account, name="Chen")
    ContactRoleFactory(contact=contact, role=BuyingRole.DECISION_MAKER)
    client.force_login(rep)
    client.post(
        reverse("contacts:edit", args=[contact.pk]), {**FIELDS, "name": "Chen", "title": "Advisor", "roles": ["coach"]}
    )
    assert set(contact.roles.active().values_list("role", flat=True)) == {"coach"}
    assert contact.roles.filter(role="decision_maker", ended_on__isnull=False).exists()
    page = client.get(contact.get_absolute_url())
    changes = [change for entry in page.context["history"] for change in entry["changes"]]
    assert any(str(name) == "title" and new == "Advisor" for name, _old, new in changes)


def test_leaving_keeps_the_contact_and_their_history(client, rep, account):
    contact = ContactFactory(account=account, name="Leaver")
    client.force_login(rep)
    response = client.post(reverse("contacts:mark_left", args=[contact.pk]))
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.left_company and contact.left_on is not None
    assert contact.history.count() == 2
    panel = client.get(reverse("contacts:committee", args=[account.pk]))
    assert panel.context["former"] == [contact]
    assert contact not in panel.context["contacts"]
    latest = panel.context["changes"][0]
    assert latest["row"].history_user == rep
    assert {(str(name), new) for name, _old, new in latest["changes"]} >= {("left the company", "True")}


def test_org_chart_is_drawn_from_reporting_lines(client, rep, account):
    head = ContactFactory(account=account, name="Head")
    cto = ContactFactory(account=account, name="CTO", reports_to=head)
    ContactFactory(account=account, name="Engineer", reports_to=cto)
    ContactFactory(account=account, name="Loner")
    client.force_login(rep)
    chart = client.get(reverse("contacts:committee", args=[account.pk])).context["org_chart"]
    assert [node.contact.name for node in chart] == ["Head", "Loner"]
    assert [child.contact.name for child in chart[0].children] == ["CTO"]
    assert [child.contact.name for child in chart[0].children[0].children] == ["Engineer"]


@pytest.mark.parametrize("size", [1, 15])
def test_committee_panel_runs_a_fixed_number_of_queries(client, rep, account, django_assert_num_queries, size):
    head = ContactFactory(account=account)
    for _ in range(size):
        contact = ContactFactory(account=account, reports_to=head, relationship_owner=rep)
        ContactRoleFactory(contact=contact, role=BuyingRole.USER)
        InfluenceLinkFactory(source=contact, target=head)
        contact.title = "changed"
        contact.save()
    client.force_login(rep)
    # session, user, account with coverage, contacts with owners and competitors, their roles,
    # the latest contact versions with their authors, the influence links of the map
    with django_assert_num_queries(7):
        response = client.get(reverse("contacts:committee", args=[account.pk]))
    assert response.status_code == 200
    graph = response.context["map"]["graph"]
    assert len(graph["nodes"]) == size + 1 + 4  # the people, and a placeholder per role nobody holds
    assert [edge["kind"] for edge in graph["edges"]].count("influence") == size


def test_search_finds_accounts_and_contacts_by_name_phone_and_email_within_visibility(
    client, rep, account, foreign_account
):
    ContactFactory(account=account, name="Zhou Min", mobile="13900001111", email="zm@northwind.example")
    ContactFactory(account=foreign_account, name="Zhou Hidden")
    AccountFactory(owner=rep, name="Zhoushan Ports", phone="0580-1234")
    client.force_login(rep)
    found = client.get(reverse("contacts:search"), {"q": "zhou"}).context
    assert [c.name for c in found["contacts"]] == ["Zhou Min"]
    assert [a.name for a in found["accounts"]] == ["Zhoushan Ports"]
    assert [c.name for c in client.get(reverse("contacts:search"), {"q": "0000111"}).context["contacts"]] == [
        "Zhou Min"
    ]
    assert [a.name for a in client.get(reverse("contacts:search"), {"q": "0580-12"}).context["accounts"]] == [
        "Zhoushan Ports"
    ]
    assert [c.name for c in client.get(reverse("contacts:search"), {"q": "@northwind"}).context["contacts"]] == [
        "Zhou Min"
    ]


@pytest.mark.postgres
def test_search_uses_the_trigram_indexes_on_postgresql(db):
    from django.db import connection

    from accounts.models import Account

    # With sequential and plain index scans priced out, the only way left to run
    # UPPER(col) LIKE '%…%' without a scan of the whole table is a bitmap scan of a trigram index.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    for queryset in (
        Contact.objects.filter(name__icontains="zhou"),
        Contact.objects.filter(email__icontains="zhou"),
        Account.objects.filter(name__icontains="zhou"),
        Account.objects.filter(phone__icontains="0580"),
    ):
        plan = queryset.explain()
        assert "_trgm" in plan, plan


def test_the_contact_form_puts_the_buying_role_first_and_folds_the_personal_file(client, rep, account):
    client.force_login(rep)
    page = client.get(reverse("contacts:create", args=[account.pk])).content.decode()
    order = [page.index(f'name="{field}"') for field in ("name", "title", "roles", "stance", "influence", "mobile")]
    assert order == sorted(order)
    folded = page[page.index('id="personal-file"') : page.index("</details>")]
    for field in ("birthday", "hobbies", "family", "education", "personality"):
        assert f'name="{field}"' in folded
    assert 'name="mobile"' not in folded
    assert "open" not in page[page.index('id="personal-file"') :][:30]


def test_a_refused_personal_field_opens_the_personal_file(client, rep, account):
    client.force_login(rep)
    page = client.post(
        reverse("contacts:create", args=[account.pk]), {"name": "Li Lei", "birthday": "not a date"}
    ).content.decode()
    assert '<details class="mb-3" id="personal-file" open>' in page


def test_single_threaded_is_explained_with_the_count_of_people_we_relate_to(client, rep, account):
    # Three contacts in four roles, but a relationship with one of them only: single-threaded.
    known = ContactFactory(account=account, relationship_strength=RelationshipStrength.GOOD)
    ContactRoleFactory(contact=known, role=BuyingRole.DECISION_MAKER)
    for role in (BuyingRole.USER, BuyingRole.COACH, BuyingRole.TECHNICAL):
        ContactRoleFactory(
            contact=ContactFactory(account=account, relationship_strength=RelationshipStrength.NONE), role=role
        )
    client.force_login(rep)
    page = client.get(reverse("contacts:committee", args=[account.pk])).content.decode()
    why = page[page.index('id="single-threaded-why"') :].split("</p>")[0]
    assert "whatever their buying roles: here 1 person" in why
    ContactFactory(account=account, relationship_strength=RelationshipStrength.WEAK)
    assert (
        'id="single-threaded-why"' not in client.get(reverse("contacts:committee", args=[account.pk])).content.decode()
    )
