from __future__ import annotations

import importlib
import random
import time

import factory
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import Account
from dashboard.seeding import LOCALES, SeedContext, locale_for
from users.models import Notification, User

DEMO_PASSWORD = "demo1234"  # noqa: S105 — printed on purpose: these are demo logins


class Command(BaseCommand):
    help = "Fill an empty database with a believable demo company (users, accounts, contacts, orders …)."

    def add_arguments(self, parser):
        parser.add_argument("--accounts", type=int, default=300, help="How many customer accounts (default 300).")
        parser.add_argument(
            "--orders-per-account", type=float, default=12, help="Average orders per account over the period."
        )
        parser.add_argument("--lines-per-order", type=float, default=3, help="Average lines per order.")
        parser.add_argument("--contacts-per-account", type=float, default=4, help="Average contacts per account.")
        parser.add_argument("--years", type=int, default=2, help="Years of order history (default 2).")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed, for the same data twice.")
        parser.add_argument(
            "--locale",
            choices=sorted(LOCALES),
            help="The demo's language: zh_CN (Chinese company, people, products) or en_US; default from LANGUAGE_CODE.",
        )
        parser.add_argument(
            "--months-scored", type=int, default=6, help="Monthly scoring runs before today's (default 6)."
        )
        parser.add_argument("--reset", action="store_true", help="Delete all data first.")
        parser.add_argument("--if-empty", action="store_true", help="Do nothing (and succeed) when data is there.")

    def handle(self, *args, **options):
        if self._has_data():
            if options["if_empty"]:
                self.stdout.write("The database already has data: nothing seeded.")
                self._print_logins([(u, DEMO_PASSWORD, r) for u, r in self._demo_users()])
                return
            if not options["reset"]:
                raise CommandError("The database already has data. Use --reset to delete it and seed again.")
            self.stdout.write("Deleting all data …")
            call_command("flush", interactive=False, verbosity=0)

        context = SeedContext(
            accounts=options["accounts"],
            orders_per_account=options["orders_per_account"],
            lines_per_order=options["lines_per_order"],
            contacts_per_account=options["contacts_per_account"],
            years=options["years"],
            stdout=self.stdout,
            random=random.Random(options["seed"]),
        )
        context.shared["password"] = DEMO_PASSWORD
        context.shared["months_scored"] = max(0, options["months_scored"])
        context.locale = options["locale"] or locale_for(settings.LANGUAGE_CODE)
        context.say(f"Seeding a demo company in {context.locale} …")
        started = time.monotonic()
        with transaction.atomic(), factory.Faker.override_default_locale(context.locale):
            for app_config in apps.get_app_configs():
                seeder = self._seeder_of(app_config.name)
                if seeder is not None:
                    step = time.monotonic()
                    seeder(context)
                    context.say(f"  {app_config.label}: {time.monotonic() - step:.1f} s")
            # The demo's notifications are for the bell only: e-mailing invented people helps nobody.
            Notification.objects.filter(emailed_at__isnull=True).update(emailed_at=timezone.now())
        context.say(f"Demo data ready in {time.monotonic() - started:.1f} s.")
        self._print_logins(context.logins)

    @staticmethod
    def _seeder_of(app_name: str):
        try:
            module = importlib.import_module(f"{app_name}.seed")
        except ModuleNotFoundError as error:
            if error.name != f"{app_name}.seed":
                raise
            return None
        return module.seed

    @staticmethod
    def _has_data() -> bool:
        return Account.objects.exists() or User.objects.exists()

    @staticmethod
    def _demo_users():
        return (
            User.objects.filter(email__endswith="@demo.example")
            .order_by("role", "username")
            .values_list("username", "role")
        )

    def _print_logins(self, logins) -> None:
        if not logins:
            return
        self.stdout.write("Demo logins (username / password — role):")
        for username, password, role in logins:
            self.stdout.write(f"  {username:<12} / {password} — {role}")
