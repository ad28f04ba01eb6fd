"""The services' refusals as API answers: a rule that says no is a 400 with its message; a
sync that contradicts what was recorded, a 409."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

from credit.services import CreditError
from deals.sync import SyncConflict


def exception_handler(exc, context):
    """DRF's handler, after turning a service's ``ValidationError`` (with its field messages)
    or ``CreditError`` into DRF's 400."""
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, CreditError):
        exc = exceptions.ValidationError({"detail": [exc.message]})
    elif isinstance(exc, SyncConflict):
        exc = Conflict(exc.message)
    return drf_exception_handler(exc, context)


class Conflict(exceptions.APIException):
    status_code = 409
    default_code = "conflict"
