"""No input crashes a page: every URL, every role, hostile values in every parameter and field.

For each role of the cast (and anonymously) the crawler opens every named URL of the project
with valid path arguments, then with each path argument replaced by hostile values, with
hostile values in every query parameter, and posts hostile values to every field of every
form it found. It asserts that no response is a 500 and that a refused request (4xx, a form
shown again, or an error message) wrote nothing to the database. See tests/security/crawler.py.
"""

from __future__ import annotations

import logging
import re
from contextlib import contextmanager

import pytest
from django.contrib.messages import constants as message_levels
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.urls import get_resolver, reverse
from django.utils import timezone

from api.services import token_create as api_token_create
from deals.models import PipelineStage
from tests.factories import (
    AccountFactory,
    AttachmentFactory,
    ChatChannelFactory,
    CompetitorFactory,
    ComplaintFactory,
    ContactFactory,
    CreditHoldFactory,
    CreditInvestigationFactory,
    CreditLimitFactory,
    CreditRequestFactory,
    ExportJobFactory,
    FieldDefinitionFactory,
    FinancialYearFactory,
    ImportJobFactory,
    InfluenceLinkFactory,
    NotificationFactory,
    ObjectiveFactory,
    OpportunityContactFactory,
    OpportunityFactory,
    OrderFactory,
    OrderLineFactory,
    PaymentFactory,
    PlanActionFactory,
    PlanItemFactory,
    RegionFactory,
    ScoringRunFactory,
    TableImportFactory,
    TaskFactory,
    VisitFactory,
    WebhookSubscriptionFactory,
)
from tests.matrix import ROLES
from tests.security.crawler import (
    CONTROL,
    KNOWN_QUERY_PARAMS,
    PATH_ARGS,
    everywhere,
    hostile_paths,
    one_at_a_time,
    page_forms,
    rotated,
)
from tests.test_url_coverage import url_names
from visits.services import calendar_feed_issue

# Writes that any request may make: the session of the logged-in user; and a wrong
# second-factor code counted on the person's own devices (django-otp's throttle, which is what
# stops a guesser), with the authenticator being enrolled made on first sight.
BOOKKEEPING_TABLES = {"django_session", "otp_totp_totpdevice", "otp_static_staticdevice"}
WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
LAST = ("set_language", "logout")  # they change the session the rest of the crawl runs in
# How hard each role is pushed, to keep the crawl near a minute and a half on SQLite. Every
# role gets every URL and form with each kind of trouble; the admin, who reaches every page
# and form, also gets each field alone hostile over the page's own values (a hostile value
# among others can hide behind their errors). A teammate, a rep of another team and their
# manager run the rep's and the manager's code on other rows: one hostile request per
# URL and form shows they are refused or served cleanly.
DEEP = {"admin"}
LIGHT = {"teammate", "other_rep", "other_manager"}


@pytest.fixture
def world(account, foreign_account, cast, settings):
    from accounts.models import SavedFilter
    from credit.models import RequestStatus

    settings.READYZ_REQUIRE_WORKER = False  # no worker beats in the crawl: /readyz would rightly answer 503

    order = OrderFactory(account=account, external_id="ERP-1")
    OrderLineFactory(order=order, quantity=10)
    opportunity = OpportunityFactory(account=account)
    investigation = CreditInvestigationFactory(account=account)
    PipelineStage.objects.get(name="Proposal")
    return {
        "account": account,
        "contact": ContactFactory(account=account),
        "influence_link": InfluenceLinkFactory(source=ContactFactory(account=account)),
        "year": FinancialYearFactory(account=account),
        "competitor": CompetitorFactory(account=account),
        "order": order,
        "opportunity": opportunity,
        "deal_contact": OpportunityContactFactory(opportunity=opportunity),
        "job": ImportJobFactory(created_by=cast["admin"]),
        "table_import": TableImportFactory(created_by=cast["admin"]),
        "export": ExportJobFactory(requested_by=cast["admin"]),
        "contact_import": TableImportFactory(created_by=cast["admin"], kind="contacts"),
        "hold": CreditHoldFactory(account=account),
        "run": ScoringRunFactory(),
        "investigation": investigation,
        "submitted": CreditRequestFactory(account=account, investigation=investigation),
        # One open request per account: the returned one is on a second account of the rep's.
        "returned": CreditRequestFactory(
            account=AccountFactory(owner=account.owner), investigation=investigation, status=RequestStatus.RETURNED
        ),
        "item": PlanItemFactory(account=account, rep=cast["rep"]),
        "complaint": ComplaintFactory(account=account),
        "token": calendar_feed_issue(user=cast["rep"]).token,
        "saved_filter": SavedFilter.objects.create(user=cast["rep"], name="Mine", query="scope=mine"),
        "notification": NotificationFactory(recipient=cast["rep"]),
        "region": RegionFactory(parent=RegionFactory()),
        # Addresses where nothing listens: no request leaves the machine.
        "channel": ChatChannelFactory(team=cast["rep"].team, url="http://127.0.0.1:9/robot"),
        "webhook": WebhookSubscriptionFactory(url="http://127.0.0.1:9/hook"),
        "api_token": api_token_create(user=cast["rep"], name="ERP", scope="read", expires_on=timezone.localdate())[0],
        "product": order.lines.get().product,
        "payment": PaymentFactory(order=order, amount=1, external_id="PAY-1"),
        "limit": CreditLimitFactory(account=account),
        "document": AttachmentFactory(account=account),
        "task": TaskFactory(account=account),
        "objective": ObjectiveFactory(account=account),
        "plan_action": PlanActionFactory(account=account, owner=cast["rep"]),
        "visit": VisitFactory(account=account, next_step="Call the buyer"),
        # A field of each kind the list filters and the forms take hostile values for.
        "custom_field": FieldDefinitionFactory(key="fleet", type="number"),
        "custom_choice": FieldDefinitionFactory(key="tier", type="choice", choices=["A", "B"]),
        "custom_date": FieldDefinitionFactory(key="audit", type="date", target="contact"),
    }


class Crawl:
    """Sends the requests and keeps what went wrong."""

    def __init__(self, role: str, user):
        self.role, self.user = role, user
        self.deep, self.light = role in DEEP, role in LIGHT
        self.client = Client(raise_request_exception=False)
        self.login()
        self.errors: list[str] = []
        self.writes: list[str] = []
        self.post_forms: dict[str, dict[str, str]] = {}
        self.requests = 0

    def login(self):
        if self.user is not None:
            self.client.force_login(self.user)

    def send(self, method: str, path: str, data: dict | None = None):
        tables: list[str] = []
        self.client.cookies.pop("messages", None)  # so the messages seen are this request's own
        with self._capturing(tables):
            response = getattr(self.client, method)(path, data or {})
        self.requests += 1
        shown = f"{self.role} {method.upper()} {path[:120]} {_short(data)}"
        if response.status_code >= 500:
            self.errors.append(f"{shown}: {response.status_code} {_exception(response)}")
        written = sorted(set(tables) - BOOKKEEPING_TABLES)
        if written and self._refused(method, response):
            self.writes.append(f"{shown}: {response.status_code} wrote {written}")
        return response

    @staticmethod
    def _refused(method: str, response) -> bool:
        if response.status_code >= 400:
            return True
        if method == "post" and response.status_code == 200:
            # A page answers a POST it carried out with a redirect; the API (JSON) with a 200.
            return not response.get("Content-Type", "").startswith("application/json")
        return any(message.level >= message_levels.ERROR for message in get_messages(response.wsgi_request))

    @contextmanager
    def _capturing(self, tables: list[str]):
        def wrapper(execute, sql, params, many, context):
            result = execute(sql, params, many, context)
            # A conditional UPDATE that matched nothing (a claim lost, a state already left) wrote nothing.
            if (match := WRITE.match(sql)) and context["cursor"].rowcount != 0:
                tables.append(match.group(1))
            return result

        with connection.execute_wrapper(wrapper):
            yield

    def visit(self, name: str, kwargs: dict):
        path = reverse(name, kwargs=kwargs)
        response = self.send("get", path)
        filters: dict[str, str] = {}
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            for form in page_forms(path, response.content.decode()):
                if form.method == "get":
                    filters.update(form.fields)
                else:
                    self.post_forms.setdefault(form.action, {}).update(form.fields)
        names = sorted(set(KNOWN_QUERY_PARAMS) | set(filters))
        queries = [everywhere(names, value) for value in CONTROL] + rotated(names)
        if response.status_code != 200 or self.light:
            # Refused as a whole (login, role, visibility, method): no parameter is read, and
            # one request with every parameter hostile proves it still refuses cleanly.
            queries = queries[:1] + queries[len(CONTROL) : len(CONTROL) + 1]
        elif self.deep:
            queries += one_at_a_time(filters)
        for query in queries:
            self.send("get", path, query)
        for hostile in hostile_paths(name, kwargs):
            self.send("get", hostile, queries[-1])
            self.send("post", hostile, queries[-1])
        self.post_forms.setdefault(path, {})

    def post_everywhere(self):
        """Every form found: every field hostile at once, then (deep) one field at a time."""
        for path, defaults in self.post_forms.items():
            names = sorted(defaults) or list(KNOWN_QUERY_PARAMS)
            payloads = [everywhere(names, value) for value in CONTROL] + [
                {**defaults, **hostile} for hostile in rotated(names)
            ]
            if self.deep:
                payloads += one_at_a_time(defaults)
            elif self.light:
                payloads = payloads[:1] + payloads[len(CONTROL) : len(CONTROL) + 1]
            for payload in payloads:
                self.send("post", path, payload)
            self.login()  # the layout's logout form is among them


def _short(data: dict | None) -> str:
    return repr({key: value[:12] for key, value in (data or {}).items()})[:200]


def _exception(response) -> str:
    exc_info = getattr(response, "exc_info", None)
    return repr(exc_info[1])[:300] if exc_info else ""


def test_every_url_of_the_project_is_crawled():
    assert set(url_names(get_resolver().url_patterns)) == set(PATH_ARGS), "add the URL to PATH_ARGS in crawler.py"


@pytest.mark.parametrize("role", ROLES)
def test_no_hostile_input_gives_a_500_or_writes_when_refused(role, cast, world, caplog):
    caplog.set_level(logging.CRITICAL, logger="django.request")  # thousands of expected 4xx
    crawl = Crawl(role, cast.get(role))
    for name in sorted(PATH_ARGS, key=lambda name: (name in LAST, name)):
        crawl.visit(name, PATH_ARGS[name](world))
    crawl.post_everywhere()
    assert crawl.errors == [], f"{len(crawl.errors)} of {crawl.requests} requests answered 500:\n" + "\n".join(
        crawl.errors
    )
    assert crawl.writes == [], "refused requests wrote to the database:\n" + "\n".join(crawl.writes)
