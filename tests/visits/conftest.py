import importlib

import pytest
from django.apps import apps

default_cadences = importlib.import_module("visits.migrations.0002_default_cadences")


@pytest.fixture(autouse=True)
def cadences(db):
    """The default cadences the data migration installs; a transactional test elsewhere may have
    flushed them, so each test starts from them whatever ran before."""
    default_cadences.create(apps, None)
