"""One English string, one Chinese translation: Django merges every app's catalogue into one,
so the same msgid translated two ways in two apps silently shows only one of them.
Strings that mean different things take a context (pgettext)."""

from collections import defaultdict

import polib

from tests.test_translations import CATALOGUES, ROOT


def test_each_string_has_one_translation_across_the_apps():
    translations = defaultdict(dict)
    for catalogue in CATALOGUES:
        for entry in polib.pofile(str(catalogue)):
            if not entry.obsolete and entry.msgstr:
                translations[(entry.msgctxt, entry.msgid)][str(catalogue.relative_to(ROOT))] = entry.msgstr
    conflicts = {key: by_app for key, by_app in translations.items() if len(set(by_app.values())) > 1}
    assert conflicts == {}


def test_our_terms_win_over_djangos_own(client, rep, account):
    client.force_login(rep)
    client.post("/language/", {"language": "zh-hans", "next": "/"})
    page = client.get("/accounts/").content.decode()
    assert "名称" in page  # "Name" of a company; Django's admin catalogue says 姓名
