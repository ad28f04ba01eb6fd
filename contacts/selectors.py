"""Reads for the buying committee: the committee of one account, coverage for many, search."""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass

from django.conf import settings
from django.db.models import (
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.db.models.lookups import GreaterThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.history import describe_value, diff
from accounts.models import Account
from accounts.selectors import search_filter
from accounts.visibility import CHANGE, get_account_for, get_visible_or_404, with_rights
from customfields import values as custom_values
from customfields.models import Target

from .models import BuyingRole, Contact, ContactRole, RelationshipStrength, Stance

# Warning key -> label; :func:`warnings_of` raises them on one account's coverage, and
# :func:`stored_warnings` filters a list on the stored coverage.
WARNINGS = {
    "single_threaded": _("Single-threaded"),
    "no_decision_maker": _("No decision-maker"),
    "no_coach": _("No coach"),
    "opponent_decision_maker": _("Decision-maker opposes us"),
    "decision_maker_changed": _("Decision-maker left or changed role"),
}


def recent_cutoff(today: datetime.date | None = None) -> datetime.date:
    return (today or timezone.localdate()) - datetime.timedelta(days=settings.COVERAGE_RECENT_DAYS)


def _decision_maker_lost_on() -> Subquery:
    # The latest day a decision-maker left the company or gave up the role (None: never).
    # Each date stands in for the other when it is missing: SQLite's MAX(a, b) of a NULL is NULL.
    day = Greatest(Coalesce("ended_on", "contact__left_on"), Coalesce("contact__left_on", "ended_on"))
    lost = (
        ContactRole.objects.filter(contact__account=OuterRef("pk"), role=BuyingRole.DECISION_MAKER)
        .filter(Q(ended_on__isnull=False) | Q(contact__left_on__isnull=False))
        .order_by()
        .values("contact__account")
        .annotate(day=Max(day))
        .values("day")
    )
    return Subquery(lost, output_field=DateField())


def coverage_figures() -> dict:
    """The coverage of an account as SQL expressions over ``OuterRef("pk")``: the one
    definition that ``contacts.coverage`` stores (``AccountCoverage``) and checks.

    - ``live_relationships``: contacts still there with whom we have some relationship;
    - ``covers_<role>``: someone still there holds that buying role;
    - ``opponent_decision_maker``: a decision-maker still there opposes us;
    - ``decision_maker_lost_on``: the latest day a decision-maker left, or gave up the role.
    """
    live = Contact.objects.filter(account=OuterRef("pk"), left_company=False)
    relationships = (
        live.filter(relationship_strength__gt=RelationshipStrength.NONE)
        .order_by()
        .values("account")
        .annotate(n=Count("pk"))
        .values("n")
    )
    active = ContactRole.objects.filter(
        contact__account=OuterRef("pk"), ended_on__isnull=True, contact__left_company=False
    )
    covers = {f"covers_{role}": Exists(active.filter(role=role)) for role in BuyingRole.values}
    return {
        "live_relationships": Coalesce(Subquery(relationships, output_field=IntegerField()), Value(0)),
        **covers,
        "opponent_decision_maker": Exists(
            active.filter(role=BuyingRole.DECISION_MAKER, contact__stance=Stance.OPPONENT)
        ),
        "decision_maker_lost_on": _decision_maker_lost_on(),
    }


def _lost_recently(lost_on, today: datetime.date | None) -> Coalesce:
    # A decision-maker lost within COVERAGE_RECENT_DAYS: the lost-order case, the tender moved
    # to someone we never met.
    return Coalesce(GreaterThanOrEqual(lost_on, Value(recent_cutoff(today))), Value(False))


def coverage_expressions(*, today: datetime.date | None = None) -> dict:
    """The coverage of an account computed from its contacts (:func:`coverage_figures`), with
    ``decision_maker_changed``: a decision-maker left, or gave up the role, within
    COVERAGE_RECENT_DAYS of ``today``. For one account or a page; a list over many accounts
    reads the stored coverage (:func:`stored_coverage`)."""
    figures = coverage_figures()
    lost_on = figures.pop("decision_maker_lost_on")
    return {**figures, "decision_maker_changed": _lost_recently(lost_on, today)}


def stored_coverage(*, today: datetime.date | None = None) -> dict:
    """:func:`coverage_expressions` read from the stored ``AccountCoverage`` (one join by the
    account's key; an account without a row has no contacts, so covers nothing)."""
    names = ["live_relationships", *(f"covers_{role}" for role in BuyingRole.values), "opponent_decision_maker"]
    stored = {
        name: Coalesce(F(f"coverage__{name}"), Value(0 if name == "live_relationships" else False)) for name in names
    }
    return {**stored, "decision_maker_changed": _lost_recently(F("coverage__decision_maker_lost_on"), today)}


def stored_warnings(*, today: datetime.date | None = None) -> dict[str, Q]:
    """Each key of ``WARNINGS`` as a filter on the stored coverage, by plain lookups through the
    ``coverage`` join (a list over many accounts: no annotation to resolve, a short plan). An
    account without a row has no contacts: the absences hold for it (Django negates a lookup
    through a nullable join NULL-safely), the presences do not."""
    return {
        "single_threaded": ~Q(coverage__live_relationships__gt=1),
        "no_decision_maker": ~Q(coverage__covers_decision_maker=True),
        "no_coach": ~Q(coverage__covers_coach=True),
        "opponent_decision_maker": Q(coverage__opponent_decision_maker=True),
        "decision_maker_changed": Q(coverage__decision_maker_lost_on__gte=recent_cutoff(today)),
    }


def with_coverage(accounts: QuerySet[Account], *, today: datetime.date | None = None) -> QuerySet[Account]:
    """Annotate each account of ``accounts`` with its coverage (see :func:`coverage_expressions`)."""
    return accounts.annotate(**coverage_expressions(today=today))


def add_coverage(accounts: list[Account], *, today: datetime.date | None = None) -> list[Account]:
    """Set the coverage attributes on a page of ``accounts`` from the stored coverage
    (:func:`stored_coverage`), in one query for all of them."""
    names = list(stored_coverage(today=today))
    rows = Account.objects.filter(pk__in=[account.pk for account in accounts]).annotate(**stored_coverage(today=today))
    flags = {row["pk"]: row for row in rows.values("pk", *names)}
    for account in accounts:
        for name in names:
            setattr(account, name, flags[account.pk][name])
    return accounts


def account_coverage(*, user, pk: int) -> Account:
    """One account with its coverage annotations and whether ``user`` may change it, or 404
    when they may not see it."""
    return get_account_for(user, pk, with_coverage(with_rights(Account.objects.all(), user, CHANGE)))


def warnings_of(account: Account) -> list[tuple[str, str]]:
    """(key, label) of each warning raised on an account annotated by :func:`with_coverage`."""
    flags = {
        "single_threaded": account.live_relationships <= 1,
        "no_decision_maker": not account.covers_decision_maker,
        "no_coach": not account.covers_coach,
        "opponent_decision_maker": account.opponent_decision_maker,
        "decision_maker_changed": account.decision_maker_changed,
    }
    return [(key, WARNINGS[key]) for key, raised in flags.items() if raised]


def coverage_list(*, user, owner=None, warning: str = "", search: str = "") -> QuerySet[Account]:
    """The accounts ``user`` may see, filtered by owner and by a coverage warning (read from the
    stored coverage, a join); pass the page to :func:`add_coverage` for the flags to show."""
    accounts = Account.objects.visible_to(user).select_related("owner")
    if owner is not None:
        accounts = accounts.filter(owner=owner)
    if warning in WARNINGS:
        accounts = accounts.filter(stored_warnings()[warning])
    if search:
        accounts = accounts.filter(search_filter(search))
    return accounts.order_by("name", "code")


def contact_export(*, user, accounts: QuerySet[Account]) -> QuerySet[Contact]:
    """The contacts of ``accounts`` (a list page's filtered accounts) that ``user`` may see,
    with their account and active buying roles, in the coverage list's order."""
    return (
        Contact.objects.visible_to(user)
        .filter(account__in=accounts.values("pk"))
        .select_related("account")
        .prefetch_related(Prefetch("roles", queryset=ContactRole.objects.active(), to_attr="active_roles"))
        .order_by("account__name", "account__code", "name", "pk")
    )


@dataclass
class OrgNode:
    contact: Contact
    children: list[OrgNode]


def committee(*, account: Account) -> dict:
    """The account's contacts with their active roles, the org chart drawn from reporting
    lines, and who covers each buying role. Two queries (contacts, their roles)."""
    contacts = list(
        Contact.objects.filter(account=account)
        .select_related("relationship_owner", "backed_competitor")
        .prefetch_related(Prefetch("roles", queryset=ContactRole.objects.active(), to_attr="active_roles"))
        .order_by("name", "pk")
    )
    current = [contact for contact in contacts if not contact.left_company]
    ids = {contact.pk for contact in current}
    nodes = {contact.pk: OrgNode(contact, []) for contact in current}
    roots = []
    for contact in current:
        boss = contact.reports_to_id
        if boss in ids and boss != contact.pk:
            nodes[boss].children.append(nodes[contact.pk])
        else:
            roots.append(nodes[contact.pk])
    by_role = {role: [] for role in BuyingRole.values}
    for contact in current:
        for role in contact.active_roles:
            by_role[role.role].append(contact)
    return {
        "contacts": current,
        "former": [contact for contact in contacts if contact.left_company],
        "org_chart": roots,
        "roles": [(value, label, by_role[value]) for value, label in BuyingRole.choices],
        "last_updated": max((contact.updated_at for contact in contacts), default=None),
    }


def contact_detail(*, user, pk: int) -> Contact:
    """One contact with their roles (ended ones too), or 404 when their account is not visible."""
    queryset = Contact.objects.select_related(
        "account", "reports_to", "relationship_owner", "backed_competitor"
    ).prefetch_related(Prefetch("roles", queryset=ContactRole.objects.order_by("ended_on", "role")))
    return get_visible_or_404(queryset, user, pk=pk)


def recent_contact_changes(*, account: Account, limit: int = 10) -> list:
    """The latest changes to the account's contacts (one query), newest first, with the fields
    changed: the "what changed" of the buying committee on the account page."""
    rows = list(
        Contact.history.filter(account_id=account.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[: limit * 3]
    )
    return _diffs(rows, limit)


def contact_history(*, contact: Contact, limit: int = 30) -> list:
    """The contact's versions, newest first, each with the fields changed from the one before."""
    rows = list(contact.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    return _diffs(rows, limit)


def _diffs(rows: list, limit: int) -> list:
    # ``rows`` newest first, possibly of several contacts: each is compared with the next
    # older version of the same contact among them.
    older: dict[int, object] = {}
    previous_of = {}
    for row in reversed(rows):
        previous_of[row.history_id] = older.get(row.id)
        older[row.id] = row
    # The custom fields' definitions, read at the first change of a custom value.
    custom_fields = functools.cache(lambda: custom_values.all_by_key(Target.CONTACT))
    entries = []
    for row in rows:
        if len(entries) == limit:
            break
        previous = previous_of[row.history_id]
        if previous is None and row.history_type == "~":
            continue  # its previous version lies beyond the window
        changes = []
        if previous is not None:
            for change in diff(row, previous):
                if change.field in ("updated_at",):
                    continue
                if change.field == "custom":  # one change per custom field, under its label
                    changes += custom_values.changed(custom_fields(), change.old, change.new)
                    continue
                changes.append(
                    (
                        Contact._meta.get_field(change.field).verbose_name,
                        describe_value(Contact, change.field, change.old),
                        describe_value(Contact, change.field, change.new),
                    )
                )
        entries.append({"row": row, "changes": changes})
    return entries


SEARCH_LIMIT = 25


def search(*, user, query: str) -> dict:
    """Accounts and contacts ``user`` may see whose name, short name, phone or e-mail
    contains ``query``: two queries, each capped."""
    query = query.strip()
    if not query:
        return {"accounts": [], "contacts": []}
    accounts = Account.objects.visible_to(user).filter(search_filter(query)).order_by("name")[:SEARCH_LIMIT]
    contacts = (
        Contact.objects.visible_to(user)
        .filter(
            Q(name__icontains=query)
            | Q(english_name__icontains=query)
            | Q(mobile__icontains=query)
            | Q(phone__icontains=query)
            | Q(email__icontains=query)
        )
        .select_related("account")
        .order_by("name", "pk")[:SEARCH_LIMIT]
    )
    return {"accounts": list(accounts), "contacts": list(contacts)}
