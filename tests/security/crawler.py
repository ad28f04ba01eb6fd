"""The hostile crawler's parts: the values it sends, how it fills each URL, what it reads from a page.

Every named URL of the project has an entry in ``PATH_ARGS`` (the test fails when a new one
has none). An entry builds the URL's path arguments from the crawl's world; the crawler then
swaps each argument for every hostile value its converter lets through, puts hostile values
in every query parameter it knows or finds in a page's GET forms, and posts hostile values
to every field of every POST form it finds (over the form's own defaults, so the other fields
stay as the page offered them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.urls import NoReverseMatch, reverse

# One of each kind of trouble, not their cross product: the crawl must stay quick.
CONTROL = ("\x00", "a\x01\x1b[31m\x7fb")  # NUL (PostgreSQL refuses it in any text); control characters
HOSTILE_TEXT = (
    "A" * 10_000,  # longer than any column
    "99999999999999999999",  # past a 64-bit integer
    "-99999999999999999999",
    "9999-12-31",
    "0001-01-01",
    "NaN",  # a Decimal that is not a number
)
# The values that get past a field's own parsing and reach arithmetic, queries and columns:
# each is tried alone in each field, the others keeping the page's own values.
REACHING_IN = ("99999999999999999999", "9999-12-31")
HOSTILE_INTEGER = "99999999999999999999"  # an int converter lets only digits through: the huge one is the danger

# Query parameters the views read by hand; the fields of a page's GET forms are added to these.
KNOWN_QUERY_PARAMS = (
    "q",
    "page",
    "open",
    "account",
    "plan_item",
    "before",
    "kind",
    "overdue",
    "rep",
    "state",
    "from",
    "to",
    "format",
    "band",
    "owner",
    "period",
    "start",
    "next",
)


def _pk(name: str) -> Callable[[dict], dict]:
    return lambda world: {"pk": world[name].pk}


def _account_pk(world: dict) -> dict:
    return {"account_pk": world["account"].pk}


def _nothing(world: dict) -> dict:
    return {}


PATH_ARGS: dict[str, Callable[[dict], dict]] = {
    "home": _nothing,
    "login": _nothing,
    "logout": _nothing,
    "password_change": _nothing,
    "password_change_done": _nothing,
    "set_language": _nothing,
    "notifications": _nothing,
    "notifications_export": _nothing,
    "notifications_mark_read": _nothing,
    "notifications_badge": _nothing,
    "notification_open": _pk("notification"),
    "regions": _nothing,
    "region_edit": _pk("region"),
    "region_options": _nothing,
    "two_factor_setup": _nothing,
    "people": _nothing,
    "person_invite": _nothing,
    "person_edit": lambda world: {"pk": world["account"].owner_id},
    "team_create": _nothing,
    "team_edit": lambda world: {"pk": world["account"].owner.team_id},
    "password_set": lambda world: {"uidb64": "MQ", "token": "set-password"},
    "password_reset_complete": _nothing,
    "two_factor_verify": _nothing,
    # Single sign-on: 404 while the environment configures no provider (as in the tests' settings).
    "oidc_authentication_init": _nothing,
    "oidc_authentication_callback": _nothing,
    "ops:healthz": _nothing,
    "ops:readyz": _nothing,
    "ops:metrics": _nothing,
    "accounts:list": _nothing,
    "accounts:create": _nothing,
    "accounts:import": _nothing,
    "accounts:import_job": _pk("table_import"),
    "accounts:import_progress": _pk("table_import"),
    "accounts:export": _nothing,
    "imports:export_job": _pk("export"),
    "imports:export_download": _pk("export"),
    "accounts:core_info_log": _nothing,
    "accounts:core_info_log_export": _nothing,
    "customfields:list": _nothing,
    "customfields:create": _nothing,
    "customfields:update": _pk("custom_field"),
    "accounts:saved_filter_create": _nothing,
    "accounts:saved_filter_delete": _pk("saved_filter"),
    "accounts:detail": _pk("account"),
    "accounts:edit": _pk("account"),
    "accounts:edit_section": lambda world: {"pk": world["account"].pk, "section": "important"},
    "accounts:archive": lambda world: {"pk": world["account"].pk, "section": "financials"},
    "accounts:plan": _pk("account"),
    "accounts:plan_edit": _pk("account"),
    "accounts:history": _pk("account"),
    "accounts:financial_year_create": _pk("account"),
    "accounts:financial_year_edit": lambda world: {"pk": world["account"].pk, "item": world["year"].pk},
    "accounts:competitor_create": _pk("account"),
    "accounts:competitor_edit": lambda world: {"pk": world["account"].pk, "item": world["competitor"].pk},
    "accounts:negotiation_create": _pk("account"),
    "contacts:coverage": _nothing,
    "contacts:export": _nothing,
    "contacts:import": _nothing,
    "contacts:import_job": _pk("contact_import"),
    "contacts:import_progress": _pk("contact_import"),
    "contacts:search": _nothing,
    "contacts:committee": _pk("account"),
    "contacts:create": _pk("account"),
    "contacts:detail": _pk("contact"),
    "contacts:edit": _pk("contact"),
    "contacts:mark_left": _pk("contact"),
    "contacts:influence_add": _pk("account"),
    "contacts:influence_remove": _pk("influence_link"),
    "deals:order_list": _nothing,
    "deals:order_export": _nothing,
    "deals:order_detail": _pk("order"),
    "deals:payment_create": _pk("order"),
    "deals:order_cancel": _pk("order"),
    "deals:order_mark_paid": _pk("order"),
    "deals:order_create": _account_pk,
    "deals:account_panel": _pk("account"),
    "deals:opportunity_list": _nothing,
    "deals:opportunity_export": _nothing,
    "deals:opportunity_board": _nothing,
    "deals:pipeline": _nothing,
    "deals:opportunity_edit": _pk("opportunity"),
    "deals:opportunity_contact_add": _pk("opportunity"),
    "deals:opportunity_contact_remove": _pk("deal_contact"),
    "deals:opportunity_move": _pk("opportunity"),
    "deals:opportunity_create": _account_pk,
    "deals:product_list": _nothing,
    "deals:product_export": _nothing,
    "deals:product_options": _nothing,
    "deals:import_upload": _nothing,
    "deals:import_job": _pk("job"),
    "deals:import_progress": _pk("job"),
    "scoring:config": _nothing,
    "credit:policy": _nothing,
    "visits:settings": _nothing,
    "scoring:runs": _nothing,
    "scoring:runs_export": _nothing,
    "scoring:run_request": _nothing,
    "scoring:run_detail": _pk("run"),
    "scoring:run_progress": _pk("run"),
    "scoring:account_panel": _pk("account"),
    "scoring:rate": _pk("account"),
    "intelligence:account_panel": _pk("account"),
    "intelligence:whitespace_matrix": _nothing,
    "intelligence:whitespace_export": _nothing,
    "credit:overview": _nothing,
    "credit:overview_export": _nothing,
    "credit:queue": _nothing,
    "credit:queue_export": _nothing,
    "credit:decided": _nothing,
    "credit:decided_export": _nothing,
    "credit:holds": _nothing,
    "credit:holds_export": _nothing,
    "credit:hold_decide": _pk("hold"),
    "credit:liabilities": _nothing,
    "credit:account_panel": _pk("account"),
    "credit:investigation_create": _pk("account"),
    "credit:request_create": _pk("account"),
    "credit:limit_set": _pk("account"),
    "credit:write_off_create": _pk("account"),
    "credit:investigation_detail": _pk("investigation"),
    "credit:investigation_edit": _pk("investigation"),
    "credit:request_detail": _pk("submitted"),
    "credit:request_decide": _pk("submitted"),
    "credit:request_resubmit": _pk("returned"),
    "visits:plan": _nothing,
    "visits:plan_suggest": _nothing,
    "visits:plan_account_options": _nothing,
    "visits:plan_add": _nothing,
    "visits:plan_move": _pk("item"),
    "visits:plan_drop": _pk("item"),
    "visits:plan_export": _nothing,
    "visits:team_plan": _nothing,
    "visits:team_plan_export": _nothing,
    "visits:due": _nothing,
    "visits:due_export": _nothing,
    "visits:account_panel": _pk("account"),
    "visits:log": _pk("account"),
    "visits:account_locate": _pk("visit"),
    "visits:complaint_create": _pk("account"),
    "visits:complaint_list": _nothing,
    "visits:complaint_export": _nothing,
    "visits:complaint_report": _nothing,
    "visits:complaint_detail": _pk("complaint"),
    "visits:complaint_resolve": _pk("complaint"),
    "visits:calendar": _nothing,
    "visits:calendar_feed": lambda world: {"token": world["token"]},
    # The REST API (api/): the crawler sends the session, as a browser would.
    "api:schema": _nothing,
    "api:docs": _nothing,
    "api_tokens:list": _nothing,
    "api_tokens:create": _nothing,
    "api_tokens:revoke": _pk("api_token"),
    "api:account-list": _nothing,
    "api:account-detail": _pk("account"),
    "api:contact-list": _nothing,
    "api:contact-detail": _pk("contact"),
    "api:product-list": _nothing,
    "api:product-detail": _pk("product"),
    "api:order-list": _nothing,
    "api:order-detail": _pk("order"),
    "api:payment-list": _nothing,
    "api:payment-detail": _pk("payment"),
    "api:opportunity-list": _nothing,
    "api:opportunity-detail": _pk("opportunity"),
    "api:credit-investigation-list": _nothing,
    "api:credit-investigation-detail": _pk("investigation"),
    "api:credit-request-list": _nothing,
    "api:credit-request-detail": _pk("submitted"),
    "api:credit-limit-list": _nothing,
    "api:credit-limit-detail": _pk("limit"),
    "api:credit-position-list": _nothing,
    "api:credit-position-detail": _pk("account"),
    "api:visit-list": _nothing,
    "api:visit-detail": _pk("visit"),
    "api:plan-item-list": _nothing,
    "api:plan-item-detail": _pk("item"),
    "api:complaint-list": _nothing,
    "api:complaint-detail": _pk("complaint"),
    "api:tier-list": _nothing,
    "api:tier-detail": _pk("account"),
    "api:scoring-run-list": _nothing,
    "api:scoring-run-detail": _pk("run"),
    "api:notification-list": _nothing,
    "api:notification-detail": _pk("notification"),
    "api:account-core-info": _pk("account"),
    "api:notification-read": _pk("notification"),
    "api:notification-read-all": _nothing,
    "api:credit-request-approve": _pk("submitted"),
    "api:credit-request-reject": _pk("submitted"),
    "api:credit-request-send-back": _pk("submitted"),
    "api:opportunity-move": _pk("opportunity"),
    "api:complaint-resolve": _pk("complaint"),
    "api:order-by-external-id": lambda world: {"external_id": world["order"].external_id},
    "api:payment-by-external-id": lambda world: {"external_id": world["payment"].external_id},
    "attachments:account_panel": _pk("account"),
    "attachments:upload": lambda world: {"target": "account", "pk": world["account"].pk},
    "attachments:download": _pk("document"),
    "attachments:inline": _pk("document"),
    "attachments:preview": _pk("document"),
    "attachments:delete": _pk("document"),
    "tasks:mine": _nothing,
    "tasks:mine_export": _nothing,
    "tasks:team": _nothing,
    "tasks:team_export": _nothing,
    "tasks:account_panel": _pk("account"),
    "tasks:create": lambda world: {"account_pk": world["account"].pk},
    "tasks:edit": _pk("task"),
    "tasks:complete": _pk("task"),
    "tasks:from_visit": _pk("visit"),
    "plans:list": _nothing,
    "plans:account_panel": _pk("account"),
    "plans:pdf": _pk("account"),
    "plans:mark_reviewed": _pk("account"),
    "plans:objective_create": _account_pk,
    "plans:objective_edit": _pk("objective"),
    "plans:action_create": _account_pk,
    "plans:action_edit": _pk("plan_action"),
    "plans:action_complete": _pk("plan_action"),
    "stewardship:handovers": _nothing,
    "stewardship:handover": lambda world: {"pk": world["account"].owner_id},
    "stewardship:merge": _nothing,
    "timeline:account_panel": _pk("account"),
    "timeline:note_add": _pk("account"),
    "dashboard:index": _nothing,
    "dashboard:movers": _nothing,
    "dashboard:movers_export": _nothing,
    "dashboard:at_risk": _nothing,
    "dashboard:at_risk_export": _nothing,
    "dashboard:home": _nothing,
    "dashboard:targets": _nothing,
    "dashboard:targets_block": _nothing,
    "dashboard:my_targets_block": _nothing,
    "integrations:channels": _nothing,
    "integrations:channel_edit": _pk("channel"),
    "integrations:channel_delete": _pk("channel"),
    "integrations:channel_test": _pk("channel"),
    "integrations:webhooks": _nothing,
    "integrations:webhook_edit": _pk("webhook"),
    "integrations:webhook_delete": _pk("webhook"),
    "integrations:webhook_test": _pk("webhook"),
}


def hostile_paths(name: str, kwargs: dict) -> list[str]:
    """The URL with each path argument in turn replaced by each hostile value its converter
    accepts (a value the converter refuses never reaches a view: the resolver answers 404)."""
    paths = []
    for key, value in kwargs.items():
        candidates = (HOSTILE_INTEGER,) if isinstance(value, int) else CONTROL + HOSTILE_TEXT
        for hostile in candidates:
            try:
                paths.append(reverse(name, kwargs={**kwargs, key: hostile}))
            except NoReverseMatch:
                continue
    return paths


def one_at_a_time(defaults: dict[str, str], values: tuple[str, ...] = REACHING_IN) -> list[dict[str, str]]:
    """The form as the page filled it, with one field at a time set to each value."""
    return [{**defaults, name: value} for name in sorted(defaults) for value in values]


def everywhere(names, value: str) -> dict[str, str]:
    return dict.fromkeys(names, value)


def rotated(names: list[str], values: tuple[str, ...] = HOSTILE_TEXT) -> list[dict[str, str]]:
    """As many payloads as there are values; in payload i, name j carries value i + j. Every
    name meets every value once, and each request mixes kinds of trouble."""
    return [{name: values[(i + j) % len(values)] for j, name in enumerate(names)} for i in range(len(values))]


@dataclass
class Form:
    method: str
    action: str
    fields: dict[str, str] = field(default_factory=dict)


class FormParser(HTMLParser):
    """The forms of a page, each with its fields and the values the page put in them."""

    def __init__(self, page_path: str):
        super().__init__()
        self.page_path = page_path
        self.forms: list[Form] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            action = attributes.get("action") or attributes.get("hx-post") or self.page_path
            method = "post" if attributes.get("hx-post") else (attributes.get("method") or "get").lower()
            self.forms.append(Form(method=method, action=urlsplit(action).path or self.page_path))
            return
        if tag == "option" and self._select and self.forms:
            fields = self.forms[-1].fields
            if "selected" in attributes or not fields.get(self._select):
                fields[self._select] = attributes.get("value", "")
            return
        if not self.forms or not attributes.get("name"):
            return
        fields = self.forms[-1].fields
        name = attributes["name"]
        if tag == "input":
            kind = attributes.get("type", "text")
            if kind in ("submit", "button", "image", "file", "reset"):
                fields.setdefault(name, attributes.get("value") or "")
            elif kind in ("checkbox", "radio"):
                if "checked" in attributes or name not in fields:
                    fields[name] = attributes.get("value") or "on"
            else:
                fields[name] = attributes.get("value") or ""
        elif tag == "select":
            self._select = name
            fields.setdefault(name, "")
        elif tag == "textarea":
            self._textarea = name
            fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1].fields[self._textarea] += data


def page_forms(path: str, html: str) -> list[Form]:
    parser = FormParser(path)
    parser.feed(html)
    return parser.forms
