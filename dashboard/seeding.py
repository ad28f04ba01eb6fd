"""Demo data, built app by app.

``seed_demo`` walks the installed apps in order (lowest layer first) and calls the
``seed(context)`` function of each app's ``seed`` module, if it has one. Each app makes
its own data with the test factories and bulk inserts, and leaves in the context what the
apps above it need (users, account ids and their Pareto weights, …).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass
class SeedContext:
    accounts: int
    orders_per_account: int
    lines_per_order: int
    contacts_per_account: int
    years: int
    stdout: object
    random: random.Random
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (username, password, role)
    shared: dict = field(default_factory=dict)

    def say(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()
