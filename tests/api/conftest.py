"""Tokens for the cast (see the root conftest): ``bearer(user)`` gives the headers a script
would send with a fresh read-write token of ``user``."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from api.models import Scope
from api.services import token_create


def make_token(user, scope: str = Scope.READ_WRITE) -> str:
    _record, secret = token_create(
        user=user, name="test", scope=scope, expires_on=timezone.localdate() + datetime.timedelta(days=30)
    )
    return secret


@pytest.fixture
def bearer():
    def headers(user, scope: str = Scope.READ_WRITE) -> dict:
        return {"HTTP_AUTHORIZATION": f"Bearer {make_token(user, scope)}"}

    return headers
