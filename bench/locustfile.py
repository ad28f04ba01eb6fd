"""Load test: logged-in users of each role browsing with think time.

Serve the app with gunicorn on PostgreSQL + Redis and 50 000 seeded accounts, then (see
bench/README.md for the whole recipe):

    .venv-bench/bin/locust -f bench/locustfile.py --host https://127.0.0.1:8443 \
        --headless --users 50 --spawn-rate 5 --run-time 140s --csv bench/results/load-50

Each simulated person logs in through the real login form (CSRF token included), then
opens the pages their role opens every day, with 1–3 s of think time between them.
"""

from __future__ import annotations

import os
import random
import re

import gevent
from locust import HttpUser, between, events, task

PASSWORD = "demo1234"  # noqa: S105 — the demo logins of seed_demo
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ACCOUNT_LINK = re.compile(r'href="/accounts/(\d+)/"')
SEARCHES = ["tech", "有限", "trad", "group", "C0001"]
# Statistics are reset this many seconds after the last user has started, so the figures are
# the steady state of people at work, not the burst of everyone logging in at once (a log-in
# costs a PBKDF2 hash, about half a second of CPU, by design).
WARM_UP_SECONDS = float(os.environ.get("LOAD_WARM_UP_SECONDS", "30"))


@events.init.add_listener
def reset_statistics_after_warm_up(environment, **kwargs) -> None:
    def reset_later(user_count, **kwargs) -> None:
        gevent.spawn_later(WARM_UP_SECONDS, environment.runner.stats.reset_all)

    environment.events.spawning_complete.add_listener(reset_later)


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    usernames: list[str] = []

    def on_start(self) -> None:
        self.client.verify = False  # bench/serve.sh's throw-away self-signed certificate
        username = random.choice(self.usernames)
        form = self.client.get("/login/", name="login form")
        token = CSRF.search(form.text).group(1)
        with self.client.post(
            "/login/",
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.host}/login/"},
            name="login",
            catch_response=True,
        ) as response:
            if response.url.rstrip("/").endswith("/login"):
                response.failure(f"login as {username} failed")
        listing = self.client.get("/accounts/", name="account list")
        self.account_ids = ACCOUNT_LINK.findall(listing.text) or []

    def open_account(self) -> None:
        if self.account_ids:
            self.client.get(f"/accounts/{random.choice(self.account_ids)}/", name="account detail")

    @task(4)
    def account_list(self) -> None:
        page = random.randint(1, 5)
        self.client.get(f"/accounts/?page={page}", name="account list")

    @task(2)
    def search(self) -> None:
        self.client.get("/accounts/", params={"q": random.choice(SEARCHES)}, name="account search")

    @task(4)
    def account_detail(self) -> None:
        self.open_account()


class Rep(Person):
    weight = 6
    usernames = ["rep_li", "rep_wang", "rep_zhang", "rep_chen", "rep_liu", "rep_yang", "rep_huang", "rep_zhao"]

    @task(2)
    def visit_plan(self) -> None:
        self.client.get("/visits/", name="visit plan")

    @task(1)
    def visits_due(self) -> None:
        self.client.get("/visits/due/", name="visits due")

    @task(1)
    def orders(self) -> None:
        self.client.get("/deals/orders/", name="order list")


class Manager(Person):
    weight = 3
    usernames = ["manager_north", "manager_east", "manager_south"]

    @task(3)
    def dashboard(self) -> None:
        self.client.get("/dashboard/", name="dashboard")

    @task(1)
    def team_plan(self) -> None:
        self.client.get("/visits/team/", name="team visit plan")

    @task(1)
    def opportunity_board(self) -> None:
        self.client.get("/deals/opportunities/board/", name="opportunity board")


class CreditApprover(Person):
    weight = 1
    usernames = ["credit"]

    @task(3)
    def credit_overview(self) -> None:
        self.client.get("/credit/", name="credit overview")

    @task(2)
    def approvals(self) -> None:
        self.client.get("/credit/approvals/", name="approval queue")
