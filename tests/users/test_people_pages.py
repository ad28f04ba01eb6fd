"""Users and teams in the app (admins): invite with a set-password e-mail, change role, team
and approval limit, deactivate (not an owner of accounts), teams; each change recorded. Django's
admin is for superusers only."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import TeamFactory, UserFactory
from tests.forms import form_post
from users.models import Role, SettingChange, User


@pytest.fixture
def role_admin(db):
    """An admin by role, not a superuser: the app's pages are theirs, Django's admin is not."""
    return UserFactory(username="office", role=Role.ADMIN)


def change_post(client, person, **changes):
    form = client.get(reverse("person_edit", args=[person.pk])).context["form"]
    return client.post(reverse("person_edit", args=[person.pk]), form_post(form, **changes))


def test_an_invited_person_sets_their_password_from_the_e_mail_and_signs_in(
    client, role_admin, north, django_capture_on_commit_callbacks
):
    client.force_login(role_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("person_invite"),
            {"username": "newrep", "first_name": "Li", "last_name": "Na", "email": "li.na@example.com",
             "role": Role.REP, "team": north.pk, "approval_limit": "0", "language": "zh-hans"},
        )  # fmt: skip

    assert response.status_code == 302
    person = User.objects.get(username="newrep")
    assert (person.role, person.team, person.has_usable_password()) == (Role.REP, north, False)
    [message] = mail.outbox
    assert message.to == ["li.na@example.com"]
    assert "newrep" in message.body and "设置" in message.body  # in the person's language
    link = re.search(r"https?://[^/\s]+(/password/set/\S+/)", message.body).group(1)
    recorded = SettingChange.objects.get(key=f"user:{person.pk}")
    assert (recorded.changed_by, recorded.previous, recorded.value["role"]) == (role_admin, None, Role.REP)

    client.logout()
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "Tea-garden-4471", "new_password2": "Tea-garden-4471"}
    )
    person.refresh_from_db()
    assert person.check_password("Tea-garden-4471")
    assert client.get(link, follow=True).context["validlink"] is False  # works once


def test_role_team_and_approval_limit_change_and_are_recorded(client, role_admin, rep, south):
    client.force_login(role_admin)

    response = change_post(client, rep, role=Role.MANAGER, team=str(south.pk), approval_limit="250000")

    assert response.status_code == 302
    rep.refresh_from_db()
    assert (rep.role, rep.team, rep.approval_limit) == (Role.MANAGER, south, Decimal("250000"))
    change = SettingChange.objects.get(key=f"user:{rep.pk}")
    assert change.changed_by == role_admin
    assert (change.previous["role"], change.value["role"]) == (Role.REP, Role.MANAGER)
    assert (change.previous["approval_limit"], change.value["approval_limit"]) == ("0.00", "250000.00")
    page = client.get(reverse("person_edit", args=[rep.pk]))
    assert ("role", Role.REP, Role.MANAGER) in page.context["changes"][0].differences


def test_an_owner_of_accounts_is_not_deactivated_but_sent_to_the_hand_over(client, role_admin, rep, account):
    client.force_login(role_admin)

    response = change_post(client, rep, is_active=None)

    assert response.status_code == 200
    assert reverse("stewardship:handover", args=[rep.pk]) in response.content.decode()
    rep.refresh_from_db()
    assert rep.is_active
    assert not SettingChange.objects.exists()


def test_someone_without_accounts_is_deactivated(client, role_admin):
    leaver = UserFactory(role=Role.REP)
    client.force_login(role_admin)

    change_post(client, leaver, is_active=None)

    leaver.refresh_from_db()
    assert not leaver.is_active
    assert SettingChange.objects.get(key=f"user:{leaver.pk}").value["is_active"] is False


def test_an_admin_cannot_demote_or_deactivate_themselves(client, role_admin):
    client.force_login(role_admin)

    response = change_post(client, role_admin, role=Role.REP)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    role_admin.refresh_from_db()
    assert role_admin.role == Role.ADMIN


@pytest.mark.parametrize(
    "changes",
    [
        {"approval_limit": "-1"},
        {"approval_limit": "99999999999999999999"},
        {"approval_limit": "NaN"},
        {"role": "emperor"},
        {"team": "99999999999999999999"},
    ],
)
def test_invalid_input_is_a_form_error(client, role_admin, rep, changes):
    client.force_login(role_admin)

    response = change_post(client, rep, **changes)

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not SettingChange.objects.exists()


def test_an_invitation_needs_an_e_mail_and_a_free_user_name(client, role_admin, rep):
    client.force_login(role_admin)
    for data in ({"username": "someone", "role": Role.REP}, {"username": rep.username, "email": "x@example.com"}):
        response = client.post(
            reverse("person_invite"), {"role": Role.REP, "approval_limit": "0", "language": "en", **data}
        )
        assert response.status_code == 200
        assert response.context["form"].errors
    assert not mail.outbox


def test_a_team_is_created_renamed_and_recorded(client, role_admin, manager):
    client.force_login(role_admin)

    client.post(reverse("team_create"), {"name": "East", "manager": manager.pk})
    team = TeamFactory._meta.model.objects.get(name="East")
    client.post(reverse("team_edit", args=[team.pk]), {"name": "East China", "manager": manager.pk})

    team.refresh_from_db()
    assert (team.name, team.manager) == ("East China", manager)
    changes = SettingChange.objects.filter(key=f"team:{team.pk}").order_by("pk")
    assert [(change.previous and change.previous["name"], change.value["name"]) for change in changes] == [
        (None, "East"),
        ("East", "East China"),
    ]


@pytest.mark.parametrize("people", [3, 30])
def test_the_people_page_costs_the_same_whatever_its_size(client, role_admin, django_assert_max_num_queries, people):
    team = TeamFactory()
    UserFactory.create_batch(people, team=team)
    client.force_login(role_admin)

    with django_assert_max_num_queries(10):
        response = client.get(reverse("people"))

    assert response.status_code == 200
    assert len(response.context["people"]) == people + 1


def test_django_admin_is_for_superusers_only(client, role_admin, admin_user):
    client.force_login(role_admin)
    assert client.get(reverse("admin:index")).status_code == 302
    page = client.get(reverse("accounts:list")).content.decode()
    assert reverse("admin:index") not in page
    assert reverse("people") in page and reverse("credit:policy") in page and reverse("visits:settings") in page
    client.force_login(admin_user)
    assert client.get(reverse("admin:index")).status_code == 200


def test_an_admin_does_not_change_a_superuser(client, role_admin, admin_user):
    client.force_login(role_admin)

    response = change_post(client, admin_user, role=Role.REP)

    assert response.status_code == 200
    admin_user.refresh_from_db()
    assert admin_user.role == Role.ADMIN
