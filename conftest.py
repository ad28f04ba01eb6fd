"""Fixtures every test can use: a cast of users and the accounts they work on.

- ``rep`` owns ``account``; ``teammate`` (same team) is on that account's team;
- ``manager`` manages the North team of ``rep`` and ``teammate``;
- ``other_rep`` (South team, managed by ``other_manager``) owns ``foreign_account``;
- ``credit_approver`` and ``admin_user`` see every account.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.factories import AccountFactory, AccountTeamMemberFactory, TeamFactory, UserFactory
from users.models import Role

pytest_plugins = ["tests.celery_worker", "tests.servers"]


@pytest.fixture(scope="session")
def attachments_folder(tmp_path_factory):
    return tmp_path_factory.mktemp("attachments")


@pytest.fixture(autouse=True)
def attachment_storage(settings, attachments_folder):
    """Documents filed and exports written in a test go to a temporary folder, never into the project's."""
    settings.STORAGES = {
        **settings.STORAGES,
        **{
            name: {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(attachments_folder / name)},
            }
            for name in ("attachments", "exports")
        },
    }


@pytest.fixture
def north(db):
    return TeamFactory(name="North")


@pytest.fixture
def south(db):
    return TeamFactory(name="South")


@pytest.fixture
def manager(north):
    user = UserFactory(username="manager", role=Role.MANAGER, team=north, approval_limit=Decimal("500000"))
    north.manager = user
    north.save(update_fields=["manager"])
    return user


@pytest.fixture
def other_manager(south):
    user = UserFactory(username="other_manager", role=Role.MANAGER, team=south, approval_limit=Decimal("500000"))
    south.manager = user
    south.save(update_fields=["manager"])
    return user


@pytest.fixture
def rep(north, manager):
    return UserFactory(username="rep", role=Role.REP, team=north)


@pytest.fixture
def teammate(north, manager):
    return UserFactory(username="teammate", role=Role.REP, team=north)


@pytest.fixture
def other_rep(south, other_manager):
    return UserFactory(username="other_rep", role=Role.REP, team=south)


@pytest.fixture
def credit_approver(db):
    return UserFactory(username="credit_approver", role=Role.CREDIT_APPROVER)


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", role=Role.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def account(rep, teammate):
    account = AccountFactory(owner=rep, name="Northwind Trading")
    AccountTeamMemberFactory(account=account, user=teammate)
    return account


@pytest.fixture
def foreign_account(other_rep):
    return AccountFactory(owner=other_rep, name="Southwind Holdings")


@pytest.fixture
def cast(rep, teammate, manager, other_rep, other_manager, credit_approver, admin_user):
    """Every role by the name the url × role matrix uses."""
    return {
        "rep": rep,
        "teammate": teammate,
        "manager": manager,
        "other_rep": other_rep,
        "other_manager": other_manager,
        "credit_approver": credit_approver,
        "admin": admin_user,
    }


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres`` need PostgreSQL's row locks between real transactions, and
    tests marked ``celery`` a real worker on Redis and PostgreSQL.

    Without those services they are deselected (and counted as such in the summary); CI's
    PostgreSQL + Redis leg runs them, and fails if any of them fails.
    """
    from django.conf import settings

    on_postgres = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    unavailable = set()
    if not on_postgres:
        unavailable = {"postgres", "celery"}
    elif settings.CELERY_BROKER_URL == "memory://":
        unavailable = {"celery"}
    deselected = [item for item in items if any(item.get_closest_marker(name) for name in unavailable)]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if item not in deselected]


@pytest.fixture(autouse=True)
def _english_by_default():
    """Each test starts in the default language: a request through the test client leaves
    its language active in the thread, which would leak into the next test."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def import_root(settings, tmp_path):
    """Uploaded import files go to a temporary folder, not the project's var/imports."""
    settings.IMPORT_ROOT = tmp_path / "imports"
    return settings.IMPORT_ROOT


@pytest.fixture(autouse=True)
def _business_settings_uncached():
    """Settings changed in the app are cached across requests; a test's changes roll back with
    its database, so its cached values must go with them."""
    from credit.conf import POLICY_KEY
    from users.business_settings import forget

    yield
    forget(POLICY_KEY)
