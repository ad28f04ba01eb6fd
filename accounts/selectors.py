"""Reads for the customer archive pages: each builds one page's queryset."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from customfields import values as custom_values
from customfields.models import Target
from users.regions import in_region

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
from .money import format_amount
from .visibility import CHANGE, CORE_INFO, VIEW, get_account_for, with_rights

ACCOUNT_SORTS = {
    "name": ("name", "code"),
    "code": ("code",),
    "industry": ("industry", "name"),
    "owner": ("owner__last_name", "owner__first_name", "name"),
    "updated": ("updated_at", "code"),
}


# Account codes the application numbers: "C" and six digits (the demo's and new accounts'),
# editable, so an account keeps the code of the customer's own file when it has one.
ACCOUNT_CODE_PREFIX, ACCOUNT_CODE_DIGITS = "C", 6


def account_code(number: int) -> str:
    return f"{ACCOUNT_CODE_PREFIX}{number:0{ACCOUNT_CODE_DIGITS}d}"


def suggested_account_code() -> str:
    """The next free numbered code: one after the highest numbered code in use (one index
    range scan, read backwards, whatever the number of accounts)."""
    highest = (
        Account.objects.filter(
            code__range=(account_code(0), account_code(10**ACCOUNT_CODE_DIGITS - 1)),
            code__regex=rf"^{ACCOUNT_CODE_PREFIX}[0-9]{{{ACCOUNT_CODE_DIGITS}}}$",
        )
        .order_by("-code")
        .values_list("code", flat=True)
        .first()
    )
    return account_code(int(highest[len(ACCOUNT_CODE_PREFIX) :]) + 1 if highest else 1)


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


def list_search(search: str) -> Q:
    """What the account list's search box matches (the page's and the API's): name, short
    name, or the code itself. Phones and e-mails are the search page's job
    (contacts.selectors.search), which has the indexes for it."""
    return Q(name__icontains=search) | Q(short_name__icontains=search) | Q(code__iexact=search)


def account_list(
    *,
    user,
    search: str = "",
    owner=None,
    industry: str = "",
    region=None,
    custom: tuple = (),
    sort: str = "name",
) -> QuerySet[Account]:
    """The accounts ``user`` may see, searched, filtered and sorted as the list page asks;
    ``custom`` holds (definition, value) pairs of custom fields to match (customfields.values).

    ``sort`` is a key of ACCOUNT_SORTS, optionally prefixed with '-' for descending;
    anything else falls back to the name. The export uses the same queryset, so it holds
    exactly what the user filtered.
    """
    accounts = Account.objects.visible_to(user).select_related("owner")
    if search:
        accounts = accounts.filter(list_search(search))
    if owner is not None:
        accounts = accounts.filter(owner=owner)
    if industry:
        accounts = accounts.filter(industry=industry)
    if region is not None:
        accounts = accounts.filter(in_region("region", region))
    for definition, value in custom:
        accounts = accounts.filter(custom_values.lookup(definition, value))
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
    names = ("lifecycle", "prospect_decision", "key_account_type", "industry")
    return {name: choice_label(account, name) for name in names}


def _money(value):
    return format_amount(value) if value is not None else None


def _basic_rows(a: Account) -> dict[str, list[ArchiveRow]]:
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
            ArchiveRow(_("Registered capital"), _money(a.registered_capital)),
            ArchiveRow(_("Total assets"), _money(a.total_assets)),
            ArchiveRow(_("Employees"), a.employees),
        ],
        "custom": [ArchiveRow(label, value) for label, value in custom_values.shown(Target.ACCOUNT, a.custom)],
    }


def _important_rows(a: Account) -> dict[str, list[ArchiveRow]]:
    return {
        "important_type": [ArchiveRow(_("Key-account type"), choice_label(a, "key_account_type"))],
        "stage": [ArchiveRow(_("Relationship stage"), choice_label(a, "relationship_stage"))],
        "important": [
            ArchiveRow(_("Product positioning"), a.product_positioning),
            ArchiveRow(_("Their annual sales"), _money(a.annual_revenue)),
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
    }


def _process_rows(a: Account) -> dict[str, list[ArchiveRow]]:
    return {"process": [ArchiveRow(_("Inventory notes"), a.inventory_notes)]}


_ROWS = {"basic": _basic_rows, "important": _important_rows, "process": _process_rows}


def archive_rows(account: Account, section: str) -> dict[str, list[ArchiveRow]]:
    """The label/value rows of one archive section, group by group in the page's order: one
    loop in the template instead of an include per field. Money is printed as every page
    prints it (``format_amount``), with its currency; choices show their label. ``basic``
    ends with the custom fields (one query for their definitions); the others read only the
    account's own columns; the financial indicators have none (their table is their years)."""
    rows = _ROWS.get(section)
    return rows(account) if rows else {}


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
    """One account with what its page shows on load, or 404 when ``user`` may not see it.

    Queries: the account with its owner, the owner's team and its region (1), then its team
    members with their users (1) (``archive_rows`` adds one for the custom fields'
    definitions). What ``user`` may do on it (change it, open its core info) comes along in
    the first query. The other archive tabs load with their tab (:func:`archive_panel`).
    """
    queryset = with_rights(Account.objects.all(), user, CHANGE, CORE_INFO)
    queryset = queryset.select_related("owner", "owner__team", "region").prefetch_related(
        Prefetch("team_members", queryset=AccountTeamMember.objects.select_related("user").order_by("user__username")),
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


def section(account: Account, key: str, label: str, *, years: list[FinancialYear] | None = None) -> Section:
    """The head of the archive section ``key``: when it was last updated, and whether that is
    stale. The financial indicators were last updated when the last of their years was
    (``years``: all the account's, as its panel loads them); the other sections carry their own
    stamp."""
    if key == "financials":
        return Section(key, label, max((year.updated_at for year in years or ()), default=None))
    return Section(key, label, getattr(account, f"{key}_updated_at"))


# The archive tabs loaded with their tab (``AccountArchivePanelView``), and the rows each lists
# beside the account's own fields, in the tab's order.
ARCHIVE_PANELS = ("important", "financials", "process")


def _archive_lists(account: Account, key: str) -> dict[str, list]:
    querysets = {
        "important": {
            "stages_reached": RelationshipStageReached.objects.order_by("reached_on"),
            "competitors": Competitor.objects.order_by("name"),
        },
        "financials": {"financial_years": FinancialYear.objects.order_by("-year")},
        "process": {"negotiations": NegotiationRecord.objects.select_related("author").order_by("-held_on", "-pk")},
    }[key]
    return {name: list(rows.filter(account=account)) for name, rows in querysets.items()}


@dataclass(frozen=True)
class ArchivePanel:
    section: Section
    rows: dict[str, list[ArchiveRow]]
    lists: dict[str, list]


def archive_panel(*, account: Account, key: str, label: str) -> ArchivePanel:
    """What the archive tab ``key`` (one of ``ARCHIVE_PANELS``) shows of ``account``, which the
    caller loaded through the door (:func:`account_for`): its head, its rows and its lists.

    Queries: one per list, and nothing else (the rows are the account's own columns):
    important info: relationship stages reached, competitors (2); financial indicators: the
    financial years (1); process info: negotiation records with their authors (1).
    """
    lists = _archive_lists(account, key)
    head = section(account, key, label, years=lists.get("financial_years"))
    return ArchivePanel(section=head, rows=archive_rows(account, key), lists=lists)


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
