"""Every page of the main menu, for every role, at 1366 px and on a 390 px phone, in English and
Chinese, on the seeded demo company: what a new user meets when they click through the menu.

A page fails when it answers 4xx/5xx, when it is wider than the window (the page scrolls
sideways), when a link it shows answers 4xx/5xx to the user who sees it, when a string of the
interface is left in English in Chinese mode, and (the ``open_page`` fixture) on any
Content-Security-Policy violation. Bounded to stay within a few minutes on two cores: one
browser, one login per role, each page loaded once per width and language, and links checked
once per role, two per shape of URL (``/accounts/N/``), at most ``LINKS_PER_PAGE`` per page.
"""

from __future__ import annotations

import re
import time
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.conf import global_settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from dashboard.management.commands.seed_demo import DEMO_PASSWORD
from users.models import Role, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO = {"accounts": 30, "orders_per_account": 3, "lines_per_order": 2, "contacts_per_account": 3}
WIDTHS = (1366, 390)
LINKS_PER_PAGE = 40
PER_SHAPE = 2
NOT_FOLLOWED = ("/static/", "/media/", "/logout/")

# The menu's pages (every link of the navigation bar) and one account page, the busiest.
MENU_LINKS = """() => [...new Set([...document.querySelectorAll("nav a[href]")]
  .map((a) => a.getAttribute("href")).filter((href) => href.startsWith("/")))]"""
LINKS = """(limit) => [...new Set([...document.querySelectorAll("nav a[href], main a[href]")]
  .map((a) => a.href).filter((href) => href.startsWith(location.origin + "/")))]
  .map((href) => href.split("#")[0]).slice(0, limit)"""
OVERFLOW = """() => {
  const width = document.scrollingElement.scrollWidth;
  if (width <= window.innerWidth) return null;
  const wide = [...document.querySelectorAll("main *, nav *")]
    .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1)
    .map((element) => element.tagName.toLowerCase() + (element.id ? "#" + element.id : "")
      + (typeof element.className === "string" && element.className.trim()
        ? "." + element.className.trim().split(/\\s+/).join(".") : ""));
  return `${width} px wide; past the edge: ${wide.slice(0, 4).join(", ")}`;
}"""
# What a person reads: visible text, the options of a list, placeholders; not what is marked as
# being in another language (the language switch's "English").
VISIBLE_TEXTS = """() => {
  const texts = [];
  const foreign = (element) => {
    const marked = element.closest("[lang]");
    return marked && marked.lang !== document.documentElement.lang;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const parent = walker.currentNode.parentElement;
    const text = walker.currentNode.textContent.replace(/\\s+/g, " ").trim();
    if (!text || !parent || ["SCRIPT", "STYLE", "TEXTAREA"].includes(parent.tagName) || foreign(parent)) continue;
    if (parent.tagName === "OPTION" || parent.checkVisibility()) texts.push(text);
  }
  document.querySelectorAll("[placeholder]").forEach((field) => foreign(field) || texts.push(field.placeholder.trim()));
  return texts;
}"""
SETTLED = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"


@pytest.fixture
def demo_cast(db) -> dict[str, User]:
    """The demo company (``seed_demo``, small) and one login of each role; the rep is one who
    owns accounts, the manager one who has a team."""
    call_command("seed_demo", stdout=StringIO(), **DEMO)
    return {
        "rep": User.objects.filter(role=Role.REP, owned_accounts__isnull=False).order_by("pk").first(),
        "manager": User.objects.filter(role=Role.MANAGER, managed_teams__isnull=False).order_by("pk").first(),
        "credit approver": User.objects.filter(role=Role.CREDIT_APPROVER).order_by("pk").first(),
        "admin": User.objects.filter(role=Role.ADMIN).order_by("pk").first(),
    }


# Names of languages are in Django's own catalogue, and the demo's data has them too: a
# company's short name or a surname "French" is data, not an untranslated label.
LANGUAGE_NAMES = {name for _code, name in global_settings.LANGUAGES}


def untranslated(texts: list[str]) -> set[str]:
    """The texts that are an English message of a catalogue with a Chinese translation: shown
    in Chinese mode, they were left untranslated."""
    with translation.override("zh-hans"):
        return {
            text
            for text in texts
            if re.search("[A-Za-z]", text) and text not in LANGUAGE_NAMES and translation.gettext(text) != text
        }


def shape(url: str) -> str:
    """A link's kind: its path with every number a placeholder, and its query's names."""
    parts = urlsplit(url)
    names = sorted(pair.split("=")[0] for pair in parts.query.split("&") if pair)
    return re.sub(r"\d+", "N", parts.path) + "?" + "&".join(names)


class Journey:
    """One role's visit of the menu; ``problems`` says what failed, page by page."""

    def __init__(self, page, role: str):
        self.page, self.role = page, role
        self.problems: list[str] = []
        self.checked: set[str] = set()
        self.shapes: dict[str, int] = {}
        self.loads = 0

    def fail(self, what: str) -> None:
        self.problems.append(f"{self.role}: {what}")

    def pages(self) -> list[str]:
        self.page.goto(reverse("accounts:list"))
        accounts = [href for href in self.page.evaluate(LINKS, 200) if re.search(r"/accounts/\d+/$", href)]
        return self.page.evaluate(MENU_LINKS) + [urlsplit(href).path for href in accounts[:1]]

    def visit(self, url: str, *, width: int, language: str, check_links: bool) -> None:
        where = f"{url} at {width} px in {language}"
        # The page's deferred scripts (charts, htmx) have run by DOMContentLoaded; not waiting
        # for "load" (the icon font) keeps the journey short.
        response = self.page.goto(url, wait_until="domcontentloaded")
        self.loads += 1
        if response is None or response.status >= 400:
            self.fail(f"{where} answers {response.status if response else 'nothing'}")
            return
        self.inspect(where, language)
        if check_links:
            self.check_links(url)

    def inspect(self, where: str, language: str) -> None:
        """The page as shown now: wider than the window, English left in Chinese mode."""
        self.page.evaluate(SETTLED)
        if overflow := self.page.evaluate(OVERFLOW):
            self.fail(f"{where} is {overflow}")
        if language == "zh-hans" and (english := untranslated(self.page.evaluate(VISIBLE_TEXTS))):
            self.fail(f"{where} shows untranslated {sorted(english)}")

    def check_links(self, url: str) -> None:
        for href in self.page.evaluate(LINKS, LINKS_PER_PAGE):
            kind = shape(href)
            if href in self.checked or any(part in href for part in NOT_FOLLOWED):
                continue
            if self.shapes.get(kind, 0) >= PER_SHAPE:
                continue
            self.checked.add(href)
            self.shapes[kind] = self.shapes.get(kind, 0) + 1
            status = self.page.context.request.get(href, fail_on_status_code=False).status
            if status >= 400:
                self.fail(f"{url} links to {urlsplit(href).path}?{urlsplit(href).query} which answers {status}")


def switch_to_chinese(page) -> None:
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})
    page.goto(reverse("accounts:list"))
    page.get_by_role("button", name="简体中文").click()
    page.wait_for_selector("html[lang=zh-hans]")


def test_the_journey_sees_a_page_too_wide_and_english_left_in_chinese(open_page, log_in, rep):
    """The checks are real: a clean page passes; a wide table and an English menu label fail."""
    page = open_page()
    log_in(page, rep)
    switch_to_chinese(page)
    page.set_viewport_size({"width": WIDTHS[1], "height": 900})
    page.goto(reverse("accounts:list"))
    journey = Journey(page, "rep")
    journey.inspect("clean", "zh-hans")
    assert journey.problems == []

    page.evaluate(
        """() => {
          const wide = document.createElement("div");
          wide.style.width = "800px";  // through the CSSOM: the CSP refuses style attributes
          wide.textContent = "客户";
          const label = document.createElement("p");
          label.textContent = "Accounts";  // the menu's msgid, translated as 客户 in the catalogue
          document.querySelector("main").append(wide, label);
        }"""
    )
    journey.inspect("broken", "zh-hans")

    assert len(journey.problems) == 2
    assert "broken is" in journey.problems[0] and "px wide; past the edge: div" in journey.problems[0]
    assert journey.problems[1] == "rep: broken shows untranslated ['Accounts']"


def test_every_menu_page_works_fits_and_speaks_the_language_for_every_role(open_page, log_in, demo_cast):
    started, problems, loads = time.monotonic(), [], 0
    for role, user in demo_cast.items():
        page = open_page(viewport={"width": WIDTHS[0], "height": 900})
        log_in(page, user, password=DEMO_PASSWORD)
        journey = Journey(page, role)
        pages = journey.pages()
        assert len(pages) >= 5, f"{role} sees only {pages}"
        for language in ("en", "zh-hans"):
            if language == "zh-hans":
                switch_to_chinese(page)
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                for url in pages:
                    first = language == "en" and width == WIDTHS[0]
                    journey.visit(url, width=width, language=language, check_links=first)
        problems += journey.problems
        loads += journey.loads
        page.context.close()

    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
    # The journey's own bound, so it stays a check one runs (it measured ~2 min on 2 cores).
    assert time.monotonic() - started < 240, f"{loads} pages took {time.monotonic() - started:.0f} s"
