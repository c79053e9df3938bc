"""The Simplified Chinese catalogue is complete, compiled, and loaded without system gettext."""

from __future__ import annotations

from pathlib import Path

import polib
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES"


def test_every_string_is_translated() -> None:
    catalogue = polib.pofile(str(LOCALE / "django.po"))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    assert len(catalogue.translated_entries()) >= 100


def test_the_compiled_catalogue_matches_the_source() -> None:
    source = polib.pofile(str(LOCALE / "django.po"))
    compiled = {entry.msgid: entry.msgstr for entry in polib.mofile(str(LOCALE / "django.mo"))}
    stale = [e.msgid for e in source.translated_entries() if compiled.get(e.msgid) != e.msgstr]
    assert stale == [], "run `make messages` to recompile django.mo"


def test_placeholders_survive_translation() -> None:
    import re

    pattern = r"%\(\w+\)[sd]"
    for entry in polib.pofile(str(LOCALE / "django.po")).translated_entries():
        wanted = set(re.findall(pattern, entry.msgid))
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            assert set(re.findall(pattern, text)) == wanted, entry.msgid


def test_django_uses_the_catalogue() -> None:
    with translation.override("zh-hans"):
        assert translation.gettext("Join the community") == "加入社区"
