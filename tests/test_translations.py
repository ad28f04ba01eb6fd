"""The Simplified Chinese UI is complete: every string extracted, every one translated."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

ROOT = Path(settings.BASE_DIR)
CATALOGUES = sorted(path for path in ROOT.glob("**/locale/zh_Hans/LC_MESSAGES/django.po") if ".venv" not in path.parts)
SKIP_DIRS = {".venv", "node_modules", "staticfiles", ".git", "bench"}


def msgids(path: Path) -> set[str]:
    return {entry.msgid for entry in polib.pofile(str(path)) if not entry.obsolete}


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_string_is_translated(catalogue):
    untranslated = [
        entry.msgid
        for entry in polib.pofile(str(catalogue))
        if not entry.obsolete and ("fuzzy" in entry.flags or not (entry.msgstr or any(entry.msgstr_plural.values())))
    ]
    assert untranslated == []


def test_catalogues_hold_every_string_of_the_code(tmp_path):
    """Extract the strings afresh from a copy of the project and compare with the catalogues."""
    copy = tmp_path / "project"
    shutil.copytree(ROOT, copy, ignore=lambda directory, names: [n for n in names if n in SKIP_DIRS])
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--ignore=tests", "--no-obsolete", "-v0"],
        cwd=copy,
        check=True,
        env={**os.environ, "DEBUG": "True", "DJANGO_SETTINGS_MODULE": "config.settings"},
    )
    stale = {}
    for catalogue in CATALOGUES:
        fresh = msgids(copy / catalogue.relative_to(ROOT))
        missing = fresh - msgids(catalogue)
        if missing:
            stale[str(catalogue.relative_to(ROOT))] = sorted(missing)
    assert stale == {}, "run `make messages` and translate the new strings"


def test_pages_switch_to_chinese_and_back(client, rep, account):
    client.force_login(rep)
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    page = client.get(reverse("accounts:detail", args=[account.pk])).content.decode()
    assert "基本信息" in page
    assert "Basic info" not in page
    rep.refresh_from_db()
    assert rep.language == "zh-hans"  # e-mails and reminders follow the choice

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("accounts:detail", args=[account.pk])).content.decode()
    assert "Basic info" in page


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_catalogue_compiles(catalogue):
    """msgfmt refuses a translation whose %-placeholders differ from the English, and then
    `make` cannot build the catalogues on a fresh machine."""
    result = subprocess.run(
        ["msgfmt", "--check-format", "-o", os.devnull, str(catalogue)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
