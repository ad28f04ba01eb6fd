"""Markup typed into any free-text field is shown as text on every page, never run.

The test seeds a small demo company, writes a script payload into every free-text column
of every model of ours, then walks the whole site as an admin (who sees everything),
following every link and htmx URL, and checks each page it reaches.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.db.models.functions import Cast, Concat
from django.urls import Resolver404, resolve, reverse

from users.models import User

OUR_APPS = {"users", "accounts", "contacts", "deals", "scoring", "credit", "visits", "dashboard"}
PAYLOAD = '<script>alert("xss")</script><img src=x onerror="alert(1)">'
LINK = re.compile(r'(?:href|hx-get)="(/[^"#]*)"')
NOT_PAGES = ("/logout/", "/admin/", "/static/", "/language/", ".ics", "format=", "/export")
MAX_PAGES = 400
PER_URL_NAME = 2  # a couple of each kind of page, so the walk reaches every kind


def free_text_fields(model) -> list[str]:
    return [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, models.EmailField | models.URLField | models.SlugField)
        and not field.choices
        and not field.unique
        and not field.primary_key
        and (isinstance(field, models.TextField) or (field.max_length or 0) >= len(PAYLOAD) + 12)
        and field.name not in {"password", "key", "token"}
    ]


def poison_every_free_text_field() -> int:
    poisoned = 0
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS or model._meta.proxy:
            continue
        fields = free_text_fields(model)
        if fields:
            # The pk keeps values distinct where a field takes part in a unique-together.
            value = Concat(models.Value(PAYLOAD), Cast("pk", models.CharField()))
            if model.objects.update(**dict.fromkeys(fields, value)):
                poisoned += len(fields)
    return poisoned


def kind_of(url: str) -> str:
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return url


def crawl(client, start: str):
    seen, queue, pages, per_kind = {start}, deque([start]), {}, Counter()
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        per_kind[kind_of(url)] += 1
        if per_kind[kind_of(url)] > PER_URL_NAME:
            continue
        response = client.get(url)
        pages[url] = response
        if response.status_code in (301, 302):
            links = [response["Location"]]
        elif response.status_code == 200 and "html" in response.get("Content-Type", ""):
            links = LINK.findall(response.content.decode())
        else:
            continue
        for link in links:
            link = unescape(link)
            if link not in seen and not any(part in link for part in NOT_PAGES):
                seen.add(link)
                queue.append(link)
    return pages


@pytest.mark.django_db
def test_every_page_escapes_markup_stored_in_free_text(client):
    call_command("seed_demo", accounts=12, orders_per_account=2, lines_per_order=2, contacts_per_account=3, stdout=None)
    assert poison_every_free_text_field() >= 5
    client.force_login(User.objects.get(username="admin"))

    pages = crawl(client, reverse("home"))

    errors = {url: response.status_code for url, response in pages.items() if response.status_code >= 500}
    assert errors == {}
    html_pages = {
        url: r.content.decode()
        for url, r in pages.items()
        if r.status_code == 200 and "html" in r.get("Content-Type", "")  # not the plan's PDF
    }
    unescaped = [url for url, html in html_pages.items() if PAYLOAD in html or "<script>alert" in html]
    assert unescaped == []
    showing_payload = [url for url, html in html_pages.items() if "&lt;script&gt;alert(" in html]
    assert len(showing_payload) >= 20, "the payload should be visible (escaped) on the pages that show the data"
    kinds = {kind_of(url) for url in html_pages}
    assert len(kinds) >= 30, "the walk should reach most kinds of page"
