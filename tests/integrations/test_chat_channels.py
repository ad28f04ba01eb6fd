"""Notifications in WeCom, DingTalk and Feishu robots: a local server checks each platform's
documented format and signature, and that each message arrives once (integrations/chat.py,
integrations/platforms.py)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from urllib.parse import parse_qs, unquote_plus, urlsplit

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from integrations import chat, platforms
from integrations.delivery import Answer
from integrations.models import ChannelKind, ChatChannel, ChatDelivery, DeliveryStatus
from tests.factories import ChatChannelFactory
from users.notifications import Notice, notify, notify_many

OK = b'{"errcode":0,"errmsg":"ok"}'
SUBJECT = _("New complaint from %(account)s: %(subject)s")  # a message the app sends, translated
PARAMS = {"account": "Northwind", "subject": "Late delivery"}


def hmac_b64(key: str, message: str) -> str:
    return base64.b64encode(hmac.new(key.encode(), message.encode(), hashlib.sha256).digest()).decode()


def check_wecom(request: dict) -> str:
    assert urlsplit(request["path"]).query == "key=wecom-key"
    body = json.loads(request["body"])
    assert set(body) == {"msgtype", "markdown"} and body["msgtype"] == "markdown"
    assert len(body["markdown"]["content"].encode()) <= 4096
    return body["markdown"]["content"]


def check_dingtalk(request: dict, secret: str) -> str:
    query = parse_qs(urlsplit(request["path"]).query)
    timestamp, sign = query["timestamp"][0], query["sign"][0]
    assert query["access_token"] == ["ding-token"]
    # Documented: urlencode(base64(HmacSHA256(key=secret, "timestamp\nsecret"))); parse_qs decoded it once.
    assert sign == hmac_b64(secret, f"{timestamp}\n{secret}")
    assert unquote_plus(urlsplit(request["path"]).query.split("sign=")[1]) == sign
    body = json.loads(request["body"])
    assert body["msgtype"] == "markdown" and set(body["markdown"]) == {"title", "text"}
    return body["markdown"]["text"]


def check_feishu(request: dict, secret: str) -> str:
    body = json.loads(request["body"])
    assert set(body) == {"timestamp", "sign", "msg_type", "content"}
    assert body["msg_type"] == "text" and isinstance(body["timestamp"], str)
    # Documented: base64(HmacSHA256(key="timestamp\nsecret", message="")).
    assert body["sign"] == hmac_b64(f"{body['timestamp']}\n{secret}", "")
    return body["content"]["text"]


@pytest.fixture
def channels(receiver, rep, manager, north):
    receiver.default = (200, OK)
    return {
        "wecom": ChatChannelFactory(user=rep, kind=ChannelKind.WECOM, url=f"{receiver.url}/wecom?key=wecom-key"),
        "dingtalk": ChatChannelFactory(
            user=rep,
            kind=ChannelKind.DINGTALK,
            url=f"{receiver.url}/dingtalk?access_token=ding-token",
            secret="SECdingtalk-secret",
        ),
        "feishu": ChatChannelFactory(
            team=north, kind=ChannelKind.FEISHU, url=f"{receiver.url}/feishu/hook", secret="feishu-secret"
        ),
    }


def by_platform(receiver) -> dict[str, list[dict]]:
    seen: dict[str, list[dict]] = {}
    for request in receiver.requests:
        seen.setdefault(urlsplit(request["path"]).path.split("/")[1], []).append(request)
    return seen


def test_each_robot_receives_a_notification_once_in_its_documented_format(
    receiver, channels, rep, teammate, django_capture_on_commit_callbacks
):
    rep.language = "zh-hans"
    rep.save()
    for _round in range(2):  # the same event again (a rerun of the job) sends nothing more
        with django_capture_on_commit_callbacks(execute=True):
            notify(recipients=[rep, teammate], key="test:event", subject=SUBJECT, params=PARAMS, link="/x/")

    seen = by_platform(receiver)
    assert {name: len(requests) for name, requests in seen.items()} == {"wecom": 1, "dingtalk": 1, "feishu": 1}
    with translation.override("zh-hans"):
        subject, open_label = str(SUBJECT) % PARAMS, str(_("Open in the CRM"))
    assert subject != str(SUBJECT) % PARAMS and open_label != "Open in the CRM"  # really Chinese
    wecom = check_wecom(seen["wecom"][0])
    assert subject in wecom and f"[{open_label}](http://localhost:8000/x/)" in wecom
    assert subject in check_dingtalk(seen["dingtalk"][0], "SECdingtalk-secret")
    # The team's Feishu group hears of the event once, though two of its members were told.
    assert "Northwind" in check_feishu(seen["feishu"][0], "feishu-secret")
    assert ChatDelivery.objects.filter(status=DeliveryStatus.SENT).count() == 3


def test_a_batch_of_notifications_reaches_the_robots_once_each(
    receiver, channels, rep, django_capture_on_commit_callbacks
):
    notices = [Notice(recipient=rep, key=f"batch:{n}", subject=SUBJECT, params=PARAMS) for n in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        notify_many(notices)

    assert {name: len(requests) for name, requests in by_platform(receiver).items()} == {
        "wecom": 3,
        "dingtalk": 3,
        "feishu": 3,
    }
    assert chat.sweep(older_than_seconds=0) == 0  # nothing left for the sweep
    assert len(receiver.requests) == 9


def test_a_switched_off_channel_and_another_persons_channel_hear_nothing(
    receiver, channels, rep, other_rep, django_capture_on_commit_callbacks
):
    for channel in channels.values():
        channel.is_active = False
        channel.save()
    ChatChannelFactory(user=other_rep, url=f"{receiver.url}/wecom?key=other")

    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[rep], key="test:quiet", subject=SUBJECT, params=PARAMS)

    assert receiver.requests == []


def test_a_platform_refusal_fails_at_once_and_a_rate_limit_is_tried_again(
    receiver, rep, settings, django_capture_on_commit_callbacks
):
    settings.INTEGRATIONS_MAX_ATTEMPTS = 2
    ChatChannelFactory(user=rep, url=f"{receiver.url}/wecom?key=k")
    receiver.answers = [(200, b'{"errcode":93000,"errmsg":"invalid webhook url"}')]
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[rep], key="test:refused", subject=SUBJECT, params=PARAMS)
    receiver.answers = [(200, b'{"errcode":45009,"errmsg":"api freq out of limit"}'), (200, OK)]
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[rep], key="test:limited", subject=SUBJECT, params=PARAMS)

    refused, limited = ChatDelivery.objects.get(key="test:refused"), ChatDelivery.objects.get(key="test:limited")
    assert (refused.status, refused.attempts) == (DeliveryStatus.FAILED, 1)
    assert "93000" in refused.response_body
    assert (limited.status, limited.attempts) == (DeliveryStatus.SENT, 2)


def test_feishu_answers_with_code_not_errcode():
    assert platforms.judge(Answer(ok=True, again=False, status=200, body='{"code":0,"msg":"success"}')).ok
    refused = platforms.judge(Answer(ok=True, again=False, status=200, body='{"code":19021,"msg":"sign match fail"}'))
    assert not refused.ok and not refused.again


def test_a_long_message_is_cut_to_the_platforms_limit_on_a_character_boundary():
    _url, body = platforms.request_for(
        kind=ChannelKind.WECOM, url="u", secret="", title="标题", text="很长" * 3000, link="", language="en"
    )
    content = body["markdown"]["content"]
    assert len(content.encode()) <= 4096 and content.endswith("…")


def test_send_test_runs_in_a_task_in_the_senders_language(client, receiver, rep, django_capture_on_commit_callbacks):
    rep.language = "zh-hans"
    rep.save()
    channel = ChatChannelFactory(user=rep, url=f"{receiver.url}/wecom?key=wecom-key")
    receiver.default = (200, OK)
    client.force_login(rep)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("integrations:channel_test", args=[channel.pk]))
    assert response.status_code == 302
    assert receiver.requests == []
    for callback in callbacks:
        callback()

    assert "来自大客户 CRM 的测试消息" in check_wecom(receiver.requests[0])
    assert ChatDelivery.objects.get().status == DeliveryStatus.SENT


def test_a_rep_adds_a_channel_for_themselves_only_at_the_platforms_address(client, rep, settings):
    settings.INTEGRATIONS_ALLOW_LOCAL_URLS = False
    client.force_login(rep)
    url = reverse("integrations:channels")
    fields = {"name": "Mine", "kind": "dingtalk", "owner": "me", "is_active": "on", "secret": "SECx"}

    elsewhere = client.post(url, {**fields, "url": "https://intranet.example.com/robot/send?access_token=t"})
    added = client.post(url, {**fields, "url": "https://oapi.dingtalk.com/robot/send?access_token=t"})
    for_a_team = client.post(url, {**fields, "owner": str(rep.team_id), "url": "https://oapi.dingtalk.com/x"})

    assert elsewhere.status_code == 200 and "oapi.dingtalk.com" in elsewhere.content.decode()
    assert added.status_code == 302
    assert rep.chat_channels.get().name == "Mine"
    assert for_a_team.status_code == 200  # a rep manages no team: not a choice


def test_a_manager_adds_a_channel_for_their_team(client, manager, north):
    client.force_login(manager)

    response = client.post(
        reverse("integrations:channels"),
        {
            "name": "North group",
            "kind": "wecom",
            "owner": str(north.pk),
            "is_active": "on",
            "url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc",
        },
    )

    assert response.status_code == 302
    channel = ChatChannel.objects.get(name="North group")
    assert (channel.team, channel.user, channel.created_by) == (north, None, manager)
