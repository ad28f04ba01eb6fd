"""Reads for the customer archive pages: each builds one page's queryset."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from users.models import User

from . import list_columns
from .models import (
    Account,
    AccountPlan,
    AccountTeamMember,
    Competitor,
    CoreInfoAccess,
    FinancialYear,
    NegotiationRecord,
    RelationshipStageReached,
    SavedFilter,
)
from .visibility import CHANGE, CORE_INFO, VIEW, get_account_for, may_see_core_info, with_rights

ACCOUNT_SORTS = {
    "name": ("name", "code"),
    "code": ("code",),
    "industry": ("industry", "name"),
    "owner": ("owner__last_name", "owner__first_name", "name"),
    "updated": ("updated_at", "code"),
}


def search_filter(search: str, prefix: str = "") -> Q:
    """Name, short name, phone or e-mail containing ``search``, or the code itself.

    ``icontains`` is ``UPPER(col) LIKE UPPER(%q%)`` on PostgreSQL, which the trigram
    indexes of migration 0003 serve; SQLite scans.
    """
    return (
        Q(**{f"{prefix}name__icontains": search})
        | Q(**{f"{prefix}short_name__icontains": search})
        | Q(**{f"{prefix}phone__icontains": search})
        | Q(**{f"{prefix}email__icontains": search})
        # Exact code through its unique index: an UPPER(code) test here would be the one
        # branch no index serves, and force a scan of every account.
        | Q(**{f"{prefix}code__in": {search, search.upper()}})
    )


def account_list(*, user, search: str = "", owner=None, industry: str = "", sort: str = "name") -> QuerySet[Account]:
    """The accounts ``user`` may see, searched, filtered and sorted as the list page asks.

    ``sort`` is a key of ACCOUNT_SORTS, optionally prefixed with '-' for descending;
    anything else falls back to the name. The export uses the same queryset, so it holds
    exactly what the user filtered.
    """
    accounts = Account.objects.visible_to(user).select_related("owner")
    if search:
        # The list searches what its box says (name, short name, code); phones and e-mails
        # are the search page's job (contacts.selectors.search), which has the indexes for it.
        accounts = accounts.filter(Q(name__icontains=search) | Q(short_name__icontains=search) | Q(code__iexact=search))
    if owner is not None:
        accounts = accounts.filter(owner=owner)
    if industry:
        accounts = accounts.filter(industry=industry)
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    column = list_columns.sorts().get(key)
    if column is not None:
        # A stored figure may be missing (an account not scored yet): those rows go last.
        order = [F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True) for field in column]
        return accounts.order_by(*order, "code")
    fields = ACCOUNT_SORTS.get(key, ACCOUNT_SORTS["name"])
    return accounts.order_by(*(f"-{field}" if descending else field for field in fields))


@dataclass(frozen=True)
class ArchiveRow:
    """One label and value of the account page's archive; ``href`` makes the value a link,
    ``external`` one to another site."""

    label: str
    value: object
    href: str = ""
    external: bool = False


def choice_label(instance, name: str) -> str:
    """``get_<name>_display()`` for one value: that method hashes, and so translates, every
    label of the field's choices on each call; this translates only the one shown."""
    value = getattr(instance, name)
    label = dict(instance._meta.get_field(name).flatchoices).get(value, value)
    return "" if label is None else str(label)


def choice_labels(account: Account) -> dict[str, str]:
    """The labels of the account's choice fields the page header shows."""
    names = ("lifecycle", "prospect_decision", "key_account_type", "industry", "relationship_stage")
    return {name: choice_label(account, name) for name in names}


def archive_rows(account: Account) -> dict[str, list[ArchiveRow]]:
    """The account page's label/value rows, section by section, in the page's order: one loop
    in the template instead of an include per field. Money is grouped as ``intcomma`` does;
    choices show their label. ``important`` follows the relationship-stage row."""
    a = account

    def grouped(value):
        return intcomma(value) if value is not None else None

    return {
        "basic": [
            ArchiveRow(_("Account code"), a.code),
            ArchiveRow(_("Short name"), a.short_name),
            ArchiveRow(_("Address"), a.address),
            ArchiveRow(_("Phone"), a.phone, f"tel:{a.phone}" if a.phone else ""),
            ArchiveRow(_("Fax"), a.fax),
            ArchiveRow(_("Email"), a.email, f"mailto:{a.email}" if a.email else ""),
            ArchiveRow(_("Website"), a.website, a.website, external=True),
            ArchiveRow(_("Legal representative"), a.legal_representative),
            ArchiveRow(_("Owner and top managers"), a.top_managers),
            ArchiveRow(_("Founding date"), a.founded_on),
            ArchiveRow(_("First trade with us"), a.first_trade_on),
            ArchiveRow(_("Organisation form"), choice_label(a, "organisation_form")),
            ArchiveRow(_("Registered capital"), grouped(a.registered_capital)),
            ArchiveRow(_("Total assets"), grouped(a.total_assets)),
            ArchiveRow(_("Employees"), a.employees),
        ],
        "important_type": [ArchiveRow(_("Key-account type"), choice_label(a, "key_account_type"))],
        "important": [
            ArchiveRow(_("Product positioning"), a.product_positioning),
            ArchiveRow(_("Their annual sales"), grouped(a.annual_revenue)),
            ArchiveRow(_("Competitive situation"), a.competition),
            ArchiveRow(_("Development potential"), choice_label(a, "development_potential")),
            ArchiveRow(_("Business philosophy and direction"), a.business_philosophy),
            ArchiveRow(_("Scale"), choice_label(a, "scale")),
            ArchiveRow(_("Cooperation attitude"), choice_label(a, "cooperation_attitude")),
        ],
        "purchase": [
            ArchiveRow(_("Share of their spending"), choice_label(a, "spend_share")),
            ArchiveRow(_("Technical content"), choice_label(a, "technical_content")),
            ArchiveRow(_("Purchase complexity"), choice_label(a, "purchase_complexity")),
            ArchiveRow(_("Policy factors"), a.policy_factors),
        ],
        "process": [ArchiveRow(_("Inventory notes"), a.inventory_notes)],
    }


# What a row of the list page shows: loading only these keeps the 25 rows from carrying
# every text column of the archive and of the owner.
LIST_COLUMNS = (
    "code",
    "name",
    "short_name",
    "industry",
    "updated_at",
    "owner__username",
    "owner__first_name",
    "owner__last_name",
)


def account_list_page(**filters) -> QuerySet[Account]:
    """:func:`account_list` narrowed to the columns the list page shows, with the columns the
    apps above contribute (``accounts.list_columns``: stored figures joined one to one)."""
    return account_list(**filters).only(*LIST_COLUMNS).annotate(**list_columns.annotations())


def saved_filters(*, user) -> list[SavedFilter]:
    """The user's saved filters of the account list, by name (one query, at most
    ``services.MAX_SAVED_FILTERS`` rows)."""
    return list(SavedFilter.objects.filter(user=user).only("pk", "name", "query"))


def account_detail(*, user, pk: int) -> Account:
    """One account with what its page shows, or 404 when ``user`` may not see it.

    Queries: the account with its owner and the owner's team (1), then one each for its
    team members with their users, financial years, competitors, relationship stages and
    negotiation records with their authors (5), in the order the page lists them. What
    ``user`` may do on it (change it, open its core info) comes along in the first query.
    """
    queryset = with_rights(Account.objects.all(), user, CHANGE, CORE_INFO)
    queryset = queryset.select_related("owner", "owner__team").prefetch_related(
        Prefetch("team_members", queryset=AccountTeamMember.objects.select_related("user").order_by("user__username")),
        Prefetch("financial_years", queryset=FinancialYear.objects.order_by("-year")),
        Prefetch("competitors", queryset=Competitor.objects.order_by("name")),
        Prefetch("stages_reached", queryset=RelationshipStageReached.objects.order_by("reached_on")),
        Prefetch(
            "negotiations", queryset=NegotiationRecord.objects.select_related("author").order_by("-held_on", "-pk")
        ),
    )
    return get_account_for(user, pk, queryset)


def account_for(*, user, pk: int, action: str = VIEW, rights: tuple[str, ...] = ()) -> Account:
    """The bare account for a page that acts on it or shows a part of it: 404 when ``user``
    may not see it, 403 when they may not take ``action``; with what they may do on it
    (``rights``, see ``with_rights``) in the same query."""
    return get_account_for(user, pk, with_rights(Account.objects.all(), user, *rights), action=action)


def account_plan(*, account: Account) -> AccountPlan | None:
    return AccountPlan.objects.filter(account=account).first()


def stale_days() -> int:
    return settings.ARCHIVE_STALE_DAYS


def is_stale(updated_at: datetime.datetime | None, *, now: datetime.datetime | None = None) -> bool:
    """True when a section was last updated more than ARCHIVE_STALE_DAYS ago (or never)."""
    if updated_at is None:
        return True
    now = now or timezone.now()
    return now - updated_at > datetime.timedelta(days=stale_days())


@dataclass
class Section:
    key: str
    label: str
    updated_at: datetime.datetime | None
    stale: bool = field(init=False)

    def __post_init__(self):
        self.stale = is_stale(self.updated_at)


def sections(account: Account, labels: dict) -> list[Section]:
    """Each archive section with its last-updated time and whether it is stale (no query:
    ``account`` comes from :func:`account_detail`)."""
    years = list(account.financial_years.all())
    return [
        Section("basic", labels["basic"], account.basic_updated_at),
        Section("important", labels["important"], account.important_updated_at),
        Section("financials", labels["financials"], max((y.updated_at for y in years), default=None)),
        Section("process", labels["process"], account.process_updated_at),
    ]


# --- History ("what changed") -------------------------------------------------------------

HISTORY_LIMIT = 40
HIDDEN_HISTORY_FIELDS = {"updated_at", "basic_updated_at", "important_updated_at", "process_updated_at", "id"}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime.datetime
    who: User | None
    what: str  # the kind of object, e.g. "Account plan"
    label: str  # which one, e.g. "2025" for a financial year
    kind: str  # "+", "~" or "-"
    changes: list[Change]
    core_info: bool = False  # a change to the account plan


def describe_value(model, name: str, value, users: dict | None = None) -> str:
    """A stored value as a person reads it: choice labels, user names when known, "—" for empty."""
    if value in (None, ""):
        return "—"
    model_field = model._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        if model_field.related_model is User and users and value in users:
            return str(users[value])
        return f"#{value}"
    return str(value)


@dataclass
class History:
    entries: list[HistoryEntry]
    shows_core_info: bool  # the entries hold changes to the account plan: an opening to log


def account_history(*, account: Account, user: User, limit: int = HISTORY_LIMIT) -> History:
    """The latest changes to the account, its plan, financial years and competitors, newest
    first, each with who made it and the fields changed (old → new). The plan's changes are
    core info: left out for a ``user`` who may not open it (accounts.visibility).

    Queries: one to ask the core-info rule, one per tracked model (4, or 3 without the plan)
    and one for the users named in changed owner fields; the diffs are computed in Python
    between consecutive versions already fetched.
    """
    sources = [
        (Account, Account.history.filter(id=account.pk), lambda row: ""),
        (FinancialYear, FinancialYear.history.filter(account_id=account.pk), lambda row: str(row.year)),
        (Competitor, Competitor.history.filter(account_id=account.pk), lambda row: row.name),
    ]
    if may_see_core_info(user, account):
        sources.append((AccountPlan, AccountPlan.history.filter(account_id=account.pk), lambda row: ""))
    raw = _consecutive_versions(sources, limit)
    users = _owners_named(raw)
    entries = []
    for model, label, row, previous in raw:
        an_update = previous is not None and row.history_type == "~"
        changes = _changes(model, row, previous, users) if an_update else []
        if an_update and not changes:
            continue  # only fields the page hides changed
        entries.append(
            HistoryEntry(
                when=row.history_date,
                who=row.history_user,
                what=str(model._meta.verbose_name),
                label=label,
                kind=row.history_type,
                changes=changes,
                core_info=model is AccountPlan,
            )
        )
    entries.sort(key=lambda entry: entry.when, reverse=True)
    entries = entries[:limit]
    return History(entries=entries, shows_core_info=any(entry.core_info for entry in entries))


def _consecutive_versions(sources, limit: int) -> list[tuple]:
    """(model, label, version, the version before it of the same row or None) for the latest
    ``limit`` versions of each source."""
    raw = []
    for model, history, describe in sources:
        # One more row than shown, so the oldest shown row can still be compared.
        rows = list(history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
        by_object: dict[int, list] = {}
        for row in reversed(rows):
            by_object.setdefault(row.id, []).append(row)
        for versions in by_object.values():
            for index, row in enumerate(versions):
                previous = versions[index - 1] if index else None
                raw.append((model, describe(row), row, previous))
    return raw


def _owners_named(raw: list[tuple]) -> dict[int, User]:
    """The users an owner change names, in one query."""
    user_ids = set()
    for model, _label, row, previous in raw:
        if previous is not None and model is Account and row.owner_id != previous.owner_id:
            user_ids |= {row.owner_id, previous.owner_id}
    return {user.pk: user for user in User.objects.filter(pk__in=user_ids)} if user_ids else {}


def _changes(model, row, previous, users: dict[int, User]) -> list[Change]:
    return [
        Change(
            field=str(model._meta.get_field(change.field).verbose_name),
            old=describe_value(model, change.field, change.old, users),
            new=describe_value(model, change.field, change.new, users),
        )
        for change in row.diff_against(previous).changes
        if change.field not in HIDDEN_HISTORY_FIELDS
    ]


# --- Core-info access log ---------------------------------------------------------------


def core_info_access_log(
    *, user, account: str = "", who=None, since: datetime.date | None = None, until: datetime.date | None = None
) -> QuerySet[CoreInfoAccess]:
    """Openings of core info, newest first, filtered; admins only (the view checks the role)."""
    log = CoreInfoAccess.objects.visible_to(user).select_related("account", "user")
    if account:
        log = log.filter(Q(account__code__iexact=account) | Q(account__name__icontains=account))
    if who is not None:
        log = log.filter(user=who)
    if since:
        log = log.filter(opened_at__date__gte=since)
    if until:
        log = log.filter(opened_at__date__lte=until)
    return log.order_by("-opened_at", "-pk")
