"""Every API endpoint against every role, with each role's own read-write token (see
tests/matrix.py); the token pages with the session.

A token acts as its owner and sees what they see: another team's account, contact, order or
credit request is a 404 (``other_rep``, ``other_manager``); a rep's token may not decide a
credit request (403); a request without credentials is a 401. A write naming an object the
caller does not see is refused like one naming no object (400), so it cannot tell them apart.
Writes follow the pages' rules: the credit approver reads accounts but changes none (403);
only the owner's manager and admins give an account another owner (403 for the rep and the
account team); a rep makes only themselves owner of a new account or deal (400 for another).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from api.models import Scope
from deals.models import PipelineStage
from tests.factories import (
    AccountFactory,
    AccountStandingFactory,
    AccountTeamMemberFactory,
    ComplaintFactory,
    ContactFactory,
    CreditInvestigationFactory,
    CreditLimitFactory,
    CreditRequestFactory,
    OpportunityContactFactory,
    OpportunityFactory,
    OrderFactory,
    OrderLineFactory,
    PaymentFactory,
    PlanItemFactory,
    ProductFactory,
    ScoringRunFactory,
    VisitFactory,
)
from tests.matrix import Case, case_id, check_case
from users.models import Notification

from .conftest import make_token

OUTSIDERS = {"other_rep": 404, "other_manager": 404}
UNSEEN_IN_BODY = {"other_rep": 400, "other_manager": 400}
ONLY_THE_RECIPIENT = dict.fromkeys(
    ("teammate", "manager", "other_rep", "other_manager", "credit_approver", "admin"), 404
)
ADMINS_ONLY = dict.fromkeys(("rep", "teammate", "manager", "other_rep", "other_manager", "credit_approver"), 403)
pk_of = lambda name: lambda objects: [objects[name].pk]  # noqa: E731


def api(url_name: str, expected: dict | None = None, **kwargs) -> Case:
    """A case for an API endpoint: anonymous callers get 401."""
    return Case(f"api:{url_name}", {"anonymous": 401, **(expected or {})}, **kwargs)


def contact_data(objects):
    return {"account": objects["account"].pk, "name": "Wang Fang", "roles": ["decision_maker"]}


def order_data(objects):
    return {
        "account": objects["account"].pk,
        "order_date": "2026-03-01",
        "lines": [{"product": objects["product"].pk, "quantity": "2"}],
    }


def request_data(objects):
    return {
        "account": objects["unclaimed"].pk,
        "requested_limit": "50000.00",
        "payment_terms_days": 30,
        "reason": "Growing orders",
        "investigation": objects["unclaimed_investigation"].pk,
    }


def new_account_data(objects):
    return {"code": "API-1", "name": "Eastwind Supplies", "owner": objects["account"].owner_id}


def opportunity_data(objects):
    return {
        "account": objects["account"].pk,
        "name": "Line 3 retrofit",
        "owner": objects["account"].owner_id,
        "stage": objects["opportunity"].stage_id,
        "amount": "80000.00",
    }


# Those who may change the rep's account: the credit approver only reads it.
CHANGERS = {**OUTSIDERS, "credit_approver": 403}
# Creating an account or a deal owned by the rep: their manager and admins may assign the
# rep; the teammate and the other team may not (the choice is not theirs: 400).
OWNED_BY_THE_REP = {"teammate": 400, "other_rep": 400, "other_manager": 400, "credit_approver": 403}
# Writing on the rep's account in the body: outsiders name an account they do not see.
ON_THE_ACCOUNT = {**UNSEEN_IN_BODY, "credit_approver": 403}

API_CASES = [
    api("account-list"),
    api("account-list", OWNED_BY_THE_REP, method="post", data=new_account_data, default=201),
    api("account-detail", OUTSIDERS, args=pk_of("account")),
    api("account-detail", {}, args=pk_of("account"), method="delete", default=405),
    api("account-detail", CHANGERS, args=pk_of("account"), method="patch", data=lambda objects: {"short_name": "NW"}),
    api(
        "account-detail",
        {**CHANGERS, "rep": 403, "teammate": 403},
        args=pk_of("account"),
        method="patch",
        data=lambda objects: {"owner": objects["teammate"].pk},
    ),
    api("account-core-info", {**OUTSIDERS, "credit_approver": 403}, args=pk_of("account")),
    api(
        "account-core-info",
        CHANGERS,
        args=pk_of("account"),
        method="patch",
        data=lambda objects: {"objectives": "Sole supplier by 2027"},
    ),
    api("contact-list"),
    api("contact-list", {**UNSEEN_IN_BODY, "credit_approver": 403}, method="post", data=contact_data, default=201),
    api("contact-detail", OUTSIDERS, args=pk_of("contact")),
    api(
        "contact-detail",
        {**OUTSIDERS, "credit_approver": 403},
        args=pk_of("contact"),
        method="patch",
        data=lambda objects: {"title": "CFO"},
    ),
    api("product-list"),
    api("product-detail", {}, args=pk_of("product")),
    api("order-list"),
    api("order-list", {**UNSEEN_IN_BODY, "credit_approver": 403}, method="post", data=order_data, default=201),
    api("order-detail", OUTSIDERS, args=pk_of("order")),
    api("order-by-external-id", OUTSIDERS, args=lambda objects: [objects["order"].external_id]),
    api(
        "order-by-external-id",
        {**UNSEEN_IN_BODY, "credit_approver": 403},
        args=lambda objects: ["ERP-NEW"],
        method="put",
        data=order_data,
        default=201,
    ),
    api("payment-list"),
    api(
        "payment-list",
        UNSEEN_IN_BODY,
        method="post",
        data=lambda objects: {"order": objects["order"].pk, "amount": "10.00", "paid_on": "2026-03-02"},
        default=201,
    ),
    api("payment-detail", OUTSIDERS, args=pk_of("payment")),
    api("payment-by-external-id", OUTSIDERS, args=lambda objects: [objects["payment"].external_id]),
    api(
        "payment-by-external-id",
        UNSEEN_IN_BODY,
        args=lambda objects: ["PAY-NEW"],
        method="put",
        data=lambda objects: {"order": objects["order"].pk, "amount": "10.00"},
        default=201,
    ),
    api("opportunity-list"),
    api("opportunity-list", OWNED_BY_THE_REP, method="post", data=opportunity_data, default=201),
    api("opportunity-detail", OUTSIDERS, args=pk_of("opportunity")),
    api(
        "opportunity-detail",
        CHANGERS,
        args=pk_of("opportunity"),
        method="patch",
        data=lambda objects: {"amount": "120000.00"},
    ),
    api(
        "opportunity-move",
        CHANGERS,
        args=pk_of("opportunity"),
        method="post",
        data=lambda objects: {"stage": objects["next_stage"].pk},
    ),
    api("opportunity-move", {}, args=pk_of("opportunity"), default=405),
    api("credit-investigation-list"),
    api("credit-investigation-detail", OUTSIDERS, args=pk_of("investigation")),
    api("credit-request-list"),
    api(
        "credit-request-list",
        {**UNSEEN_IN_BODY, "credit_approver": 403},
        method="post",
        data=request_data,
        default=201,
    ),
    api("credit-request-detail", OUTSIDERS, args=pk_of("submitted")),
    api(
        "credit-request-approve",
        {"rep": 403, "teammate": 403, **OUTSIDERS},
        args=pk_of("submitted"),
        method="post",
        data=lambda objects: {"comment": "ok"},
    ),
    api(
        "credit-request-reject",
        {"rep": 403, "teammate": 403, **OUTSIDERS},
        args=pk_of("submitted"),
        method="post",
        data=lambda objects: {"comment": "Too risky"},
    ),
    api(
        "credit-request-send-back",
        {"rep": 403, "teammate": 403, **OUTSIDERS},
        args=pk_of("submitted"),
        method="post",
        data=lambda objects: {"comment": "Which bank?"},
    ),
    api("credit-request-approve", {}, args=pk_of("submitted"), default=405),
    api("credit-limit-list"),
    api("credit-limit-detail", OUTSIDERS, args=pk_of("limit")),
    api("credit-position-list"),
    api("credit-position-detail", OUTSIDERS, args=pk_of("account")),
    api("visit-list"),
    api(
        "visit-list",
        ON_THE_ACCOUNT,
        method="post",
        data=lambda objects: {
            "account": objects["account"].pk,
            "visited_on": "2026-03-02",
            "purpose": "routine",
            "contacts": [objects["contact"].pk],
        },
        default=201,
    ),
    api("visit-detail", OUTSIDERS, args=pk_of("visit")),
    api("plan-item-list"),
    api("plan-item-detail", OUTSIDERS, args=pk_of("plan_item")),
    api("complaint-list"),
    api(
        "complaint-list",
        ON_THE_ACCOUNT,
        method="post",
        data=lambda objects: {"account": objects["account"].pk, "subject": "Late delivery", "severity": "high"},
        default=201,
    ),
    api("complaint-detail", OUTSIDERS, args=pk_of("complaint")),
    api(
        "complaint-resolve",
        CHANGERS,
        args=pk_of("complaint"),
        method="post",
        data=lambda objects: {"satisfied": True, "resolution": "Redelivered next day"},
    ),
    api("complaint-resolve", {}, args=pk_of("complaint"), default=405),
    api("tier-list"),
    api("tier-detail", OUTSIDERS, args=pk_of("account")),
    api("scoring-run-list", ADMINS_ONLY),
    api("scoring-run-detail", ADMINS_ONLY, args=pk_of("run")),
    api("notification-list"),
    api("notification-detail", ONLY_THE_RECIPIENT, args=pk_of("notification")),
    api("notification-read", ONLY_THE_RECIPIENT, args=pk_of("notification"), method="post"),
    api("notification-read-all", {}, method="post"),
    # The schema and its docs describe the API, not its data: open to anyone.
    api("schema", {"anonymous": 200}),
    api("docs", {"anonymous": 200}),
]

PAGE_CASES = [
    Case("api_tokens:list", {}),
    Case("api_tokens:list", {}, method="post", default=405),
    Case(
        "api_tokens:create",
        {},
        method="post",
        data=lambda objects: {
            "name": "ERP",
            "scope": Scope.READ,
            "expires_on": datetime.date.today() + datetime.timedelta(days=30),
        },
        default=201,
    ),
    Case("api_tokens:create", {}, default=405),
    Case(
        "api_tokens:revoke",
        {"rep": 302, "admin": 302},
        args=pk_of("token"),
        method="post",
        default=404,
    ),
]

CASES = API_CASES + PAGE_CASES


@pytest.fixture
def objects(account, rep, teammate):
    product = ProductFactory(unit_price=Decimal("100.00"))
    order = OrderFactory(account=account, external_id="ERP-1")
    OrderLineFactory(order=order, product=product, quantity=Decimal("10"))
    investigation = CreditInvestigationFactory(account=account)
    unclaimed = AccountFactory(owner=rep)  # without an open request, so each role may file one
    AccountTeamMemberFactory(account=unclaimed, user=teammate)
    contact = ContactFactory(account=account)
    opportunity = OpportunityFactory(account=account, owner=rep)
    OpportunityContactFactory(opportunity=opportunity, contact=contact)
    make_token(rep)
    run = ScoringRunFactory()
    AccountStandingFactory(account=account, run=run)
    from credit.positions import positions_refresh

    positions_refresh(account_ids=[account.pk])
    return {
        "account": account,
        "contact": contact,
        "product": product,
        "order": order,
        "payment": PaymentFactory(order=order, amount=Decimal("5.00"), external_id="PAY-1"),
        "opportunity": opportunity,
        "investigation": investigation,
        "submitted": CreditRequestFactory(account=account, investigation=investigation),
        "unclaimed": unclaimed,
        "unclaimed_investigation": CreditInvestigationFactory(account=unclaimed),
        "limit": CreditLimitFactory(account=account, amount=Decimal("1000000")),
        "notification": Notification.objects.create(recipient=rep, key="test:1", subject="Hello"),
        "token": rep.api_tokens.get(),
        "visit": VisitFactory(account=account, rep=rep),
        "plan_item": PlanItemFactory(account=account, rep=rep),
        "complaint": ComplaintFactory(account=account, owner=rep),
        "run": run,
        "teammate": teammate,
        "next_stage": PipelineStage.objects.filter(is_active=True).exclude(pk=opportunity.stage_id).first(),
    }


def check_api_case(client, case: Case, role: str, cast: dict, objects: dict, scope: str = Scope.READ_WRITE):
    headers = {} if role == "anonymous" else {"HTTP_AUTHORIZATION": f"Bearer {make_token(cast[role], scope)}"}
    url = reverse(case.url_name, args=case.args(objects))
    method = getattr(client, case.method)
    if case.method == "get":
        return method(url, **headers)
    return method(url, case.data(objects), content_type="application/json", **headers)


@pytest.mark.parametrize(("case", "role"), [param for case in API_CASES for param in case.params()], ids=case_id)
def test_api_endpoints_answer_each_roles_token(client, cast, objects, case, role):
    response = check_api_case(client, case, role, cast, objects)
    expected = case.status_for(role)
    assert response.status_code == expected, f"{role} {case.method.upper()} {case.url_name}: {response.content[:500]}"


WRITES = [case for case in API_CASES if case.method in ("post", "patch", "put") and case.default < 300]


@pytest.mark.parametrize("case", WRITES, ids=case_id)
def test_a_read_only_token_may_not_write(client, cast, objects, case):
    assert check_api_case(client, case, "manager", cast, objects, scope=Scope.READ).status_code == 403


@pytest.mark.parametrize(("case", "role"), [param for case in PAGE_CASES for param in case.params()], ids=case_id)
def test_token_pages_answer_each_role(client, cast, objects, case, role):
    check_case(client, case, role, cast, objects)
