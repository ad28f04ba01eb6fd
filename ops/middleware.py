"""Every request gets an id (the proxy's X-Request-ID or a new one) and is measured."""

from __future__ import annotations

import time

import sentry_sdk
from django.db import connections

from .context import request_id, request_id_from
from .metrics import REQUEST_QUERIES, REQUEST_SECONDS, REQUESTS


class _QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class RequestIdAndMetricsMiddleware:
    """First in the chain, so the id is on every log line of the request and the time and
    queries counted are the whole request's. The metrics' label is the URL's name, never the
    path: one series per view, however many ids the paths hold."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = request_id.set(request_id_from(request.headers.get("X-Request-ID")))
        sentry_sdk.set_tag("request_id", request_id.get())  # a no-op without SENTRY_DSN
        counter = _QueryCounter()
        began = time.perf_counter()
        try:
            with connections["default"].execute_wrapper(counter):
                response = self.get_response(request)
            response["X-Request-ID"] = request_id.get()
            view = _view_name(request)
            REQUESTS.labels(view=view, method=_method(request), status=str(response.status_code)).inc()
            REQUEST_SECONDS.labels(view=view).observe(time.perf_counter() - began)
            REQUEST_QUERIES.labels(view=view).observe(counter.count)
            return response
        finally:
            request_id.reset(token)


_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def _method(request) -> str:
    # The method is the client's to choose: anything unusual is one series, not one each.
    return request.method if request.method in _METHODS else "OTHER"


def _view_name(request) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match and match.view_name else "unresolved"
