"""French is the source language; the English catalogue must be complete, free of fuzzy entries and current."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from tests.conftest import require

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"


@pytest.fixture(scope="module")
def catalogue():
    return polib.pofile(str(CATALOGUE))


def test_every_msgid_is_translated(catalogue):
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    assert untranslated == []


def test_no_entry_is_fuzzy(catalogue):
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []


def test_no_obsolete_entry_is_left(catalogue):
    assert [entry.msgid for entry in catalogue.obsolete_entries()] == []


def test_placeholders_survive_translation(catalogue):
    placeholder = re.compile(r"%\(\w+\)s|\{\w+\}")
    for entry in catalogue.translated_entries():
        if not entry.msgid_plural:
            assert sorted(placeholder.findall(entry.msgid)) == sorted(placeholder.findall(entry.msgstr)), entry.msgid
            continue
        # The plural keeps every placeholder; the singular may spell out "one" instead of counting.
        expected = set(placeholder.findall(entry.msgid_plural))
        assert set(placeholder.findall(entry.msgstr_plural[1])) == expected, entry.msgid_plural
        assert set(placeholder.findall(entry.msgstr_plural[0])) <= expected, entry.msgid


def test_catalogue_holds_every_string_of_the_code(tmp_path):
    """makemessages over the sources finds no msgid that the committed catalogue lacks."""
    require(shutil.which("xgettext") is not None, "needs GNU gettext (xgettext) to extract messages")
    copy = tmp_path / "src"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(".venv", "node_modules", ".git", "static", "staticfiles", "*.mo", ".make"),
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "en", "--no-location"],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    fresh = {entry.msgid for entry in polib.pofile(str(copy / "locale/en/LC_MESSAGES/django.po")) if not entry.obsolete}
    committed = {entry.msgid for entry in polib.pofile(str(CATALOGUE)) if not entry.obsolete}
    assert sorted(fresh - committed) == [], "run `make messages` and translate the new strings"
