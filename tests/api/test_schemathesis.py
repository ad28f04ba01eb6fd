"""The API against its own OpenAPI schema (/api/schema/), by schemathesis: for every operation,
generated requests sent with a rep's, a manager's and an admin's token on a small world
answer no 500, and every response conforms to the schema (content type and body).

Kept short (a few examples per operation) so the whole run stays within about a minute.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import content_type_conformance, not_a_server_error, response_schema_conformance

from config.wsgi import application
from tests.factories import (
    ContactFactory,
    CreditInvestigationFactory,
    CreditRequestFactory,
    OrderFactory,
    OrderLineFactory,
)
from users.models import Notification

from .conftest import make_token

CHECKS = [not_a_server_error, content_type_conformance, response_schema_conformance]


def served_schema() -> dict:
    """The schema /api/schema/ serves, generated in this process (at collection, before any
    database exists: nothing in it reads one)."""
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated))


# Generated requests only (no coverage or stateful phase), a few per operation: the whole
# run stays near a minute on a shared machine.
CONFIG = schemathesis.Config.from_dict(
    {
        "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
        "generation": {"max-examples": 2, "database": "none"},
    }
)
schema = schemathesis.openapi.from_dict(served_schema(), config=CONFIG)
schema.app = application  # requests go to the WSGI app in this process, on the test database


@pytest.fixture(autouse=True)
def _wsgi_host(settings):
    settings.ALLOWED_HOSTS = ["localhost"]  # the host schemathesis's WSGI client sends
    # Called straight, the WSGI handler closes the database connection at the end of each
    # request, as in production; inside the test's transaction that ends the test's own
    # connection (PostgreSQL). Django's test client leaves it open the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(account, rep, manager, admin_user):
    """A rep's account with a contact, an order with a line, a credit request and a
    notification; the three tokens that walk it."""
    ContactFactory(account=account)
    OrderLineFactory(order=OrderFactory(account=account, external_id="ERP-1"), quantity=Decimal("2"))
    CreditRequestFactory(account=account, investigation=CreditInvestigationFactory(account=account))
    Notification.objects.create(recipient=rep, key="test:1", subject="Hello")
    return [{"Authorization": f"Bearer {make_token(user)}"} for user in (rep, manager, admin_user)]


@schema.parametrize()
@settings(max_examples=2, deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_the_api_answers_as_its_schema_says(case, tokens):
    for headers in tokens:
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS)
