"""Security headers on every page, and a Content-Security-Policy the pages satisfy."""

import re

import pytest
from django.urls import reverse

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+=\"", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style|\sstyle=\"", re.IGNORECASE)


@pytest.fixture
def pages(account):
    return [reverse("login"), reverse("accounts:list"), account.get_absolute_url(), reverse("accounts:create")]


def test_pages_send_a_strict_content_security_policy(client, rep, pages):
    client.force_login(rep)
    for url in pages:
        policy = client.get(url)["Content-Security-Policy"]
        assert "script-src 'self'" in policy
        assert "unsafe-inline" not in policy
        assert "frame-ancestors 'none'" in policy


def test_pages_have_no_inline_scripts_handlers_or_styles_the_policy_would_block(client, rep, pages):
    client.force_login(rep)
    for url in pages:
        html = client.get(url).content.decode()
        assert not INLINE_SCRIPT.search(html), url
        assert not INLINE_HANDLER.search(html), url
        assert not INLINE_STYLE.search(html), url


def test_pages_forbid_framing_and_sniffing(client, rep):
    client.force_login(rep)
    response = client.get(reverse("accounts:list"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_sessions_expire(settings):
    assert settings.SESSION_COOKIE_AGE <= 12 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
