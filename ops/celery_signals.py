"""Celery's side of request ids and metrics, wired to its signals.

A task sent while a request is served carries the request's id in its message headers;
the worker puts it back in the context, so the task's log lines carry it too. Each task's
outcome and duration is counted for /metrics.
"""

from __future__ import annotations

import time

from celery import signals

from .context import request_id
from .metrics import TASK_SECONDS, TASKS

HEADER = "crm_request_id"
_started: dict[str, tuple[float, object]] = {}


@signals.before_task_publish.connect
def _send_request_id(headers=None, **kwargs) -> None:
    current = request_id.get()
    if current and headers is not None:
        headers.setdefault(HEADER, current)


@signals.task_prerun.connect
def _task_started(task_id=None, task=None, **kwargs) -> None:
    # A task run inline keeps the request's id (the context is the request's own).
    # A worker makes the message's headers attributes of the task's request; apply() keeps
    # them in request.headers.
    sent = getattr(task.request, HEADER, None) or (task.request.headers or {}).get(HEADER) or request_id.get()
    _started[task_id] = (time.perf_counter(), request_id.set(sent or f"task-{task_id}"))


@signals.task_postrun.connect
def _task_finished(task_id=None, task=None, state=None, **kwargs) -> None:
    _count(task_id, task.name, (state or "unknown").lower())


# A failure is counted as it is handled, before task_postrun (which then finds it counted).
# (A task run inline that raises to its caller, as the tests' eager mode does, reaches neither.)
@signals.task_failure.connect
def _task_failed(task_id=None, sender=None, **kwargs) -> None:
    _count(task_id, sender.name, "failure")


def _count(task_id: str, name: str, outcome: str) -> None:
    started = _started.pop(task_id, None)
    if started is None:
        return
    began, token = started
    TASKS.labels(task=name, outcome=outcome).inc()
    TASK_SECONDS.labels(task=name).observe(time.perf_counter() - began)
    try:
        request_id.reset(token)
    except ValueError:  # set in another context (a pool that switched threads): clear it
        request_id.set("")
