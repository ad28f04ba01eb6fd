"""Demo data, built app by app.

``seed_demo`` walks the installed apps in order (lowest layer first) and calls the
``seed(context)`` function of each app's ``seed`` module, if it has one. Each app makes
its own data with the test factories and bulk inserts, and leaves in the context what the
apps above it need (users, account ids and their Pareto weights, …).

The demo speaks one language: ``locale`` is Faker's (``zh_CN`` makes Chinese companies,
people, cities and phone numbers through the factories) and each app picks its own lists of
names (products, teams, deals) with :meth:`SeedContext.pick`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

# Faker's locale -> the application's language code.
LOCALES = {"en_US": "en", "zh_CN": "zh-hans"}


def locale_for(language_code: str) -> str:
    """The demo's locale for the site's language (LANGUAGE_CODE): Chinese for a Chinese site."""
    return "zh_CN" if language_code.lower().startswith("zh") else "en_US"


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
    locale: str = "en_US"

    @property
    def chinese(self) -> bool:
        return self.locale == "zh_CN"

    @property
    def language(self) -> str:
        """The application's language code for the demo's users (and their notifications)."""
        return LOCALES[self.locale]

    def pick(self, english, chinese):
        """The demo's version of a name or a list of names."""
        return chinese if self.chinese else english

    def say(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()
