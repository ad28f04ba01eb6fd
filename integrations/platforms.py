"""The three chat platforms' group robots, in the formats and signatures they document:

- WeCom (企业微信) group robot: POST ``{"msgtype": "markdown", "markdown": {"content": …}}`` to
  the robot's address (its ``key`` is in it); content at most 4096 bytes. No signature.
- DingTalk (钉钉) custom robot: POST ``{"msgtype": "markdown", "markdown": {"title", "text"}}``;
  with 加签, ``&timestamp=<ms>&sign=<s>`` is added to the address, where s is
  urlencode(base64(HMAC-SHA256(key=secret, msg="<timestamp>\\n<secret>"))).
- Feishu (飞书) custom bot: POST ``{"msg_type": "text", "content": {"text": …}}``; with 签名校验,
  ``"timestamp": "<seconds>"`` and ``"sign": base64(HMAC-SHA256(key="<timestamp>\\n<secret>",
  msg=""))`` are added to the body; the body is at most 20 KB.

Each answers HTTP 200 with its own error code (``errcode`` or ``code``): 0 means delivered.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from urllib.parse import quote_plus

from django.utils import translation
from django.utils.translation import gettext as _

from .delivery import Answer
from .models import ChannelKind

# Where each platform's robots live: a channel's address must point there (so a channel
# cannot be used to make the server call anything else).
HOSTS = {
    ChannelKind.WECOM: frozenset({"qyapi.weixin.qq.com"}),
    ChannelKind.DINGTALK: frozenset({"oapi.dingtalk.com"}),
    ChannelKind.FEISHU: frozenset({"open.feishu.cn", "open.larksuite.com"}),
}
# The smallest of the platforms' limits on a message (WeCom markdown), in UTF-8 bytes.
MAX_MESSAGE_BYTES = 4000
# The platforms' "too many messages" codes: worth trying again later.
RATE_LIMITED = frozenset({45009, 130101, 11232})


def truncate_bytes(text: str, limit: int = MAX_MESSAGE_BYTES) -> str:
    encoded = text.encode()
    return text if len(encoded) <= limit else encoded[: limit - 3].decode(errors="ignore") + "…"


def hmac_base64(key: str, message: str) -> str:
    digest = hmac.new(key.encode(), message.encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def request_for(*, kind: str, url: str, secret: str, title: str, text: str, link: str, language: str):
    """The (address, JSON body) that sends one message to a robot of ``kind``."""
    with translation.override(language):
        open_label = _("Open in the CRM")
    if kind == ChannelKind.WECOM:
        content = f"**{title}**\n{text}\n[{open_label}]({link})" if link else f"**{title}**\n{text}"
        return url, {"msgtype": "markdown", "markdown": {"content": truncate_bytes(content)}}
    if kind == ChannelKind.DINGTALK:
        content = f"#### {title}\n\n{text}" + (f"\n\n[{open_label}]({link})" if link else "")
        body = {"msgtype": "markdown", "markdown": {"title": title, "text": truncate_bytes(content)}}
        if secret:
            timestamp = str(round(time.time() * 1000))
            sign = quote_plus(hmac_base64(secret, f"{timestamp}\n{secret}"))
            url = f"{url}{'&' if '?' in url else '?'}timestamp={timestamp}&sign={sign}"
        return url, body
    content = f"{title}\n{text}" + (f"\n{open_label}: {link}" if link else "")
    body = {"msg_type": "text", "content": {"text": truncate_bytes(content)}}
    if secret:
        timestamp = str(int(time.time()))
        body = {"timestamp": timestamp, "sign": hmac_base64(f"{timestamp}\n{secret}", ""), **body}
    return url, body


def judge(answer: Answer) -> Answer:
    """A platform's HTTP 200 is a success only with error code 0."""
    if not answer.ok:
        return answer
    try:
        reply = json.loads(answer.body)
        code = reply.get("errcode", reply.get("code", reply.get("StatusCode")))
    except (ValueError, AttributeError):
        code = "?"
    if code == 0:
        return answer
    return Answer(ok=False, again=code in RATE_LIMITED, status=answer.status, body=answer.body)
