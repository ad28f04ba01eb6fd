"""The README's screenshots, taken of the demo company as each person sees it.

    .venv/bin/python docs/screenshots.py            # all of them, into docs/screenshots/

Builds a throw-away SQLite database with ``seed_demo``, serves it with ``runserver`` on a free
local port, and drives Debian's Chromium (the browser tests' settings) through the pages:
the manager's dashboard, an account page with its head, the rep's home and the credit queue,
at 1366 px in English and on a 390 px phone in Chinese (needs fonts-noto-cjk). Takes a minute.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.request import urlopen

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS, PHONE  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
LAPTOP = {"width": 1366, "height": 900}
# (file, who, path or "top account at risk", viewport, language)
SHOTS = [
    ("dashboard.png", "manager", "/dashboard/", LAPTOP, "en"),
    ("account.png", "rep", "top account at risk", LAPTOP, "en"),  # a head with every figure
    ("rep-home.png", "rep", "/dashboard/my-day/", LAPTOP, "en"),  # "My day"
    ("credit-queue.png", "credit", "/credit/approvals/", LAPTOP, "en"),
    ("dashboard-phone-zh.png", "manager", "/dashboard/", PHONE, "zh-hans"),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(*args: str, env: dict, **kwargs) -> subprocess.Popen | subprocess.CompletedProcess:
    command = [sys.executable, str(ROOT / "manage.py"), *args]
    if kwargs.pop("background", False):
        return subprocess.Popen(  # noqa: S603 — our own manage.py, our own arguments
            command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
    return subprocess.run(command, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, **kwargs)  # noqa: S603


def wait_for(url: str, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urlopen(url, timeout=2)  # noqa: S310 — our own local server
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"The demo server did not answer at {url}")


def logins() -> tuple[dict[str, str], str]:
    """A login of each kind of person in the demo, read from the database (a rep who owns
    accounts, a manager with a team, the credit approver), and the demo's password."""
    import django

    django.setup()
    from dashboard.management.commands.seed_demo import DEMO_PASSWORD
    from users.models import Role, User

    return {
        "rep": User.objects.filter(role=Role.REP, owned_accounts__isnull=False).order_by("pk").first().username,
        "manager": User.objects.filter(role=Role.MANAGER, managed_teams__isnull=False).order_by("pk").first().username,
        "credit": User.objects.filter(role=Role.CREDIT_APPROVER).order_by("pk").first().username,
    }, DEMO_PASSWORD


def shoot(base: str, users: dict[str, str], password: str) -> None:
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, who, path, viewport, language in SHOTS:
            context = browser.new_context(viewport=viewport, base_url=base, locale=language)
            page = context.new_page()
            page.goto("/login/")
            page.fill("input[name=username]", users[who])
            page.fill("input[name=password]", password)
            page.locator("form:has(input[name=password]) [type=submit]").first.click()
            page.wait_for_url(lambda url: "/login/" not in url)
            page.set_viewport_size(LAPTOP)  # the language buttons are in the menu, folded on a phone
            page.get_by_role("button", name="简体中文" if language == "zh-hans" else "English").click()
            page.wait_for_selector(f"html[lang={language}]")
            page.set_viewport_size(viewport)
            if path == "top account at risk":  # the rep's account with the most revenue at stake
                page.goto("/dashboard/at-risk/")
                page.locator("main table tbody a[href^='/accounts/']").first.click()
            else:
                page.goto(path)
            page.wait_for_load_state("networkidle")
            page.screenshot(path=OUT / name, full_page=viewport is PHONE)
            width = page.evaluate("document.scrollingElement.scrollWidth")
            print(f"  {OUT.relative_to(ROOT) / name}: {who} at {viewport['width']} px ({width} px wide), {language}")
            context.close()
        browser.close()


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ,
            "DEBUG": "True",
            "DATABASE_URL": f"sqlite:///{folder}/demo.sqlite3",
            "REDIS_URL": "",
            "CELERY_BROKER_URL": "",
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }
        print("Seeding the demo company …")
        manage("migrate", "--no-input", env=env)
        manage("seed_demo", env=env)
        os.environ.update(env)
        users, password = logins()
        port = free_port()
        server = manage("runserver", "--noreload", f"127.0.0.1:{port}", env=env, background=True)
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(f"{base}/login/")
            shoot(base, users, password)
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
