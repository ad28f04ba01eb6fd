"""Coverage warnings, computed in SQL for one account and read from the stored coverage for a
list of accounts: both readings agree after every service that writes contacts."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Account
from contacts import services
from contacts.models import BuyingRole, ContactRole, RelationshipStrength, Stance
from contacts.selectors import add_coverage, coverage_list, warnings_of, with_coverage
from tests.factories import AccountFactory, ContactFactory, ContactRoleFactory


def warning_keys(account, today=None):
    annotated = with_coverage(Account.objects.filter(pk=account.pk), today=today).get()
    keys = {key for key, _label in warnings_of(annotated)}
    (page_row,) = add_coverage([Account.objects.get(pk=account.pk)], today=today)
    assert {key for key, _label in warnings_of(page_row)} == keys
    return keys


def covered(account, *roles, stance=Stance.SUPPORTER):
    contacts = []
    for role in roles:
        contact = ContactFactory(account=account, stance=stance)
        ContactRoleFactory(contact=contact, role=role)
        contacts.append(contact)
    return contacts


def test_account_without_contacts_raises_every_absence_warning(account):
    assert warning_keys(account) == {"single_threaded", "no_decision_maker", "no_coach"}


def test_a_well_covered_committee_raises_no_warning(account):
    covered(account, BuyingRole.DECISION_MAKER, BuyingRole.COACH, BuyingRole.TECHNICAL)
    assert warning_keys(account) == set()


def test_one_live_relationship_is_single_threaded(account):
    # The seeds' lost-order case: one friendly vice-president holds every role we know of.
    (friend,) = covered(account, BuyingRole.DECISION_MAKER)
    ContactRoleFactory(contact=friend, role=BuyingRole.COACH)
    ContactFactory(account=account, relationship_strength=RelationshipStrength.NONE)
    assert warning_keys(account) == {"single_threaded"}


def test_opposing_decision_maker_is_a_warning(account):
    covered(account, BuyingRole.COACH, BuyingRole.USER)
    covered(account, BuyingRole.DECISION_MAKER, stance=Stance.OPPONENT)
    assert warning_keys(account) == {"opponent_decision_maker"}


def test_decision_maker_who_left_recently_is_a_warning_then_fades(account, rep, settings):
    settings.COVERAGE_RECENT_DAYS = 30
    dm, _coach, _user = covered(account, BuyingRole.DECISION_MAKER, BuyingRole.COACH, BuyingRole.USER)
    services.contact_mark_left(contact=dm, actor=rep)
    assert warning_keys(account) == {"decision_maker_changed", "no_decision_maker"}
    # A month later, with nothing written since: the stored day of the loss has aged out.
    later = timezone.localdate() + datetime.timedelta(days=31)
    assert warning_keys(account, today=later) == {"no_decision_maker"}


def test_decision_maker_who_changed_role_is_a_warning_and_role_history_is_kept(account, rep):
    dm, _coach, _user = covered(account, BuyingRole.DECISION_MAKER, BuyingRole.COACH, BuyingRole.USER)
    services.contact_set_roles(contact=dm, actor=rep, roles=[BuyingRole.USER])
    assert warning_keys(account) == {"decision_maker_changed", "no_decision_maker"}
    ended = ContactRole.objects.get(contact=dm, role=BuyingRole.DECISION_MAKER)
    assert ended.ended_on == timezone.localdate()
    assert ended.history.first().history_user == rep


def test_coverage_list_filters_by_warning_and_owner_for_a_manager(manager, rep, teammate):
    bare = AccountFactory(owner=rep, name="Bare")
    good = AccountFactory(owner=teammate, name="Good")
    covered(good, BuyingRole.DECISION_MAKER, BuyingRole.COACH)
    AccountFactory(name="Elsewhere")  # another team: never listed
    assert [a.name for a in coverage_list(user=manager)] == ["Bare", "Good"]
    assert [a.name for a in coverage_list(user=manager, warning="no_coach")] == ["Bare"]
    assert [a.name for a in coverage_list(user=manager, owner=teammate)] == ["Good"]
    assert bare.pk not in [a.pk for a in coverage_list(user=manager, owner=teammate, warning="no_coach")]


@pytest.mark.parametrize("size", [2, 20])
def test_coverage_page_runs_a_fixed_number_of_queries(client, manager, rep, django_assert_num_queries, size):
    for index in range(size):
        account = AccountFactory(owner=rep)
        covered(account, BuyingRole.BUYER, BuyingRole.COACH)
        ContactFactory.create_batch(index % 3, account=account)
    client.force_login(manager)
    # session, user, the owner filter checked (1) and its choices rendered (1), count,
    # the page of accounts with owners, the coverage of the page's accounts
    with django_assert_num_queries(7):
        response = client.get(reverse("contacts:coverage"), {"owner": rep.pk, "warning": "no_decision_maker"})
    assert response.status_code == 200
    with django_assert_num_queries(6):  # no owner filter to check
        response = client.get(reverse("contacts:coverage"))
    assert len(response.context["rows"]) == size


def test_manager_sees_warnings_change_as_the_committee_changes(client, manager, rep, account):
    client.force_login(rep)
    url = reverse("contacts:create", args=[account.pk])
    fields = {"layer": "decision", "stance": "supporter", "influence": 3, "relationship_strength": 3}
    client.post(url, {**fields, "name": "Zhang Wei", "roles": ["decision_maker"]})
    client.post(url, {**fields, "name": "Li Na", "roles": ["coach", "user"]})
    client.force_login(manager)
    page = client.get(reverse("contacts:committee", args=[account.pk]))
    assert page.context["warnings"] == []
    zhang = account.contacts.get(name="Zhang Wei")
    client.force_login(rep)
    client.post(reverse("contacts:mark_left", args=[zhang.pk]))
    client.force_login(manager)
    page = client.get(reverse("contacts:committee", args=[account.pk]))
    keys = {key for key, _label in page.context["warnings"]}
    assert keys == {"no_decision_maker", "decision_maker_changed", "single_threaded"}
    assert 'data-warning="decision_maker_changed"' in page.content.decode()
