"""A request id on every log line: the proxy's or a new one, into the tasks a request sends."""

import io
import json
import logging

import pytest
from celery import shared_task
from django.conf import settings
from django.urls import reverse
from pythonjsonlogger.json import JsonFormatter

from ops.celery_signals import HEADER, _send_request_id
from ops.context import RequestIdFilter, request_id, request_id_from
from ops.tasks import heartbeat


@pytest.fixture
def json_log():
    """The settings' JSON formatter and request-id filter, writing to a buffer."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    formatter = settings.LOGGING["formatters"]["json"]
    handler.setFormatter(JsonFormatter(formatter["format"], rename_fields=formatter["rename_fields"]))
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("tests.request_id")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield logger, stream
    logger.removeHandler(handler)


@shared_task
def log_from_a_task() -> str:
    logging.getLogger("tests.request_id").info("inside the task")
    return request_id.get()


def test_a_proxys_request_id_is_kept_and_sent_back(client, db):
    response = client.get(reverse("ops:healthz"), HTTP_X_REQUEST_ID="edge-1234.abc")
    assert response["X-Request-ID"] == "edge-1234.abc"


@pytest.mark.parametrize("sent", [None, "", "x" * 65, "has space", "bad\nline", "<script>"])
def test_a_missing_or_odd_request_id_is_replaced_by_a_new_one(client, db, sent):
    extra = {} if sent is None else {"HTTP_X_REQUEST_ID": sent}
    response = client.get(reverse("ops:healthz"), **extra)
    assert len(response["X-Request-ID"]) == 32
    assert response["X-Request-ID"] != sent
    assert request_id_from(sent) != request_id_from(sent)  # a new one each time


def test_log_lines_are_json_with_the_request_id_also_inside_a_task(json_log):
    logger, stream = json_log
    token = request_id.set("req-42")
    try:
        logger.info("in the request")
        # Inline, as without a broker. An eager result holds its value already; an earlier test's
        # worker in this process may have marked it as one, where get() refuses to wait.
        assert log_from_a_task.delay().get(disable_sync_subtasks=False) == "req-42"
    finally:
        request_id.reset(token)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [(line["message"], line["request_id"]) for line in lines] == [
        ("in the request", "req-42"),
        ("inside the task", "req-42"),
    ]
    assert {"time", "level", "logger"} <= set(lines[0])


def test_a_task_sent_to_a_worker_carries_the_request_id_in_its_headers():
    headers = {}
    token = request_id.set("req-7")
    try:
        _send_request_id(headers=headers)
    finally:
        request_id.reset(token)
    assert headers == {HEADER: "req-7"}


def test_a_worker_takes_the_request_id_from_the_headers():
    """As a worker builds the task's request: the message's headers become its attributes."""
    result = log_from_a_task.apply(headers={HEADER: "req-from-web"})
    assert result.get(disable_sync_subtasks=False) == "req-from-web"
    assert request_id.get() == ""  # and puts the context back as it was after the task


@pytest.mark.celery
def test_a_real_worker_logs_the_task_with_the_request_id_of_the_request_that_sent_it(
    client, celery_worker_without_beat
):
    from tests.celery_worker import wait_for

    response = client.get(reverse("ops:healthz"), HTTP_X_REQUEST_ID="req-to-worker-1")
    assert response["X-Request-ID"] == "req-to-worker-1"
    token = request_id.set("req-to-worker-1")  # as inside that request, when it sends a task
    try:
        heartbeat.delay()
    finally:
        request_id.reset(token)
    log = celery_worker_without_beat.log

    def finished_line():
        for line in log.read_text().splitlines():
            if line.startswith("{") and "ops.tasks.heartbeat" in line and "succeeded" in line:
                return json.loads(line)
        return None

    line = wait_for(finished_line, timeout=60, log=log)
    assert line["request_id"] == "req-to-worker-1"
