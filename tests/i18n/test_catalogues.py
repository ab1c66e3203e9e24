"""The French and Spanish catalogues are complete, and the compiled .mo files match them.

Read with a small parser of our own (Python has no .po reader), so that the check needs nothing
but Python; the check that no new string escaped the catalogues needs GNU gettext's xgettext.
"""

import ast
import gettext
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from portal.forum.reference_data import TRANSLATIONS

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ["fr", "es"]


@dataclass
class Entry:
    context: str | None = None
    msgid: str = ""
    plural: str | None = None
    translations: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False


def read_po(path: Path) -> list[Entry]:
    """Every entry of a .po file (the header included), with its flags."""
    entries: list[Entry] = []
    entry, last = Entry(), None

    def finish() -> None:
        nonlocal entry, last
        if last is not None:
            entries.append(entry)
        entry, last = Entry(), None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            finish()
        elif line.startswith("#~"):
            entry.obsolete = True
            last = last or "obsolete"
        elif line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        else:
            keyword, _, rest = line.partition(" ")
            if line.startswith('"'):
                text = ast.literal_eval(line)
                if last == "msgctxt":
                    entry.context += text
                elif last == "msgid":
                    entry.msgid += text
                elif last == "msgid_plural":
                    entry.plural += text
                else:
                    entry.translations[-1] += text
                continue
            text = ast.literal_eval(rest)
            if keyword == "msgctxt":
                entry.context = text
            elif keyword == "msgid":
                entry.msgid = text
            elif keyword == "msgid_plural":
                entry.plural = text
            else:
                entry.translations.append(text)
            last = keyword if not keyword.startswith("msgstr") else "msgstr"
    finish()
    return entries


def catalogue(language: str) -> Path:
    return ROOT / "locale" / language / "LC_MESSAGES" / "django.po"


def messages(language: str) -> list[Entry]:
    return [entry for entry in read_po(catalogue(language)) if entry.msgid and not entry.obsolete]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated(language):
    untranslated = [entry.msgid for entry in messages(language) if not all(entry.translations)]
    assert untranslated == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_entry_is_fuzzy(language):
    header = read_po(catalogue(language))[0]
    assert "fuzzy" not in header.flags
    assert [entry.msgid for entry in messages(language) if "fuzzy" in entry.flags] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_is_not_empty_and_has_plural_forms(language):
    entries = messages(language)
    assert len(entries) > 500
    assert any(entry.plural for entry in entries)
    assert all(len(entry.translations) == 2 for entry in entries if entry.plural)


def test_french_never_lets_a_line_start_with_a_colon_semicolon_mark_or_closing_guillemet():
    """French sets a space before : ; ! ? » and after «; a plain one lets the sign wrap alone to the
    next line, so it must be a no-break space (U+00A0)."""
    breakable = re.compile(r" [:;!?»]|« ")
    found = [text for entry in messages("fr") for text in entry.translations if breakable.search(text)]
    assert found == []
    # The same in the French of the reference data (editions, meetings, roundtables).
    assert [french for french, _ in TRANSLATIONS.values() if breakable.search(french)] == []


@pytest.mark.parametrize("language", [*LANGUAGES, "en"])  # en: the portal's wording of allauth's English
def test_the_compiled_catalogue_matches_the_po_file(language):
    """The .mo file in the repository (used by machines without gettext) holds every translation."""
    with open(catalogue(language).with_suffix(".mo"), "rb") as compiled:
        translations = gettext.GNUTranslations(compiled)
    stale = []
    for entry in messages(language):
        if entry.plural:
            # One and five take the singular and the plural form in both French and Spanish.
            if entry.context:
                found = [translations.npgettext(entry.context, entry.msgid, entry.plural, n) for n in (1, 5)]
            else:
                found = [translations.ngettext(entry.msgid, entry.plural, n) for n in (1, 5)]
            if found != entry.translations:
                stale.append(entry.msgid)
        else:
            found = (
                translations.pgettext(entry.context, entry.msgid)
                if entry.context
                else translations.gettext(entry.msgid)
            )
            if found != entry.translations[0]:
                stale.append(entry.msgid)
    assert stale == [], "run `make messages` to compile the catalogues"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is not installed")
def test_no_string_of_the_code_is_missing_from_the_catalogues(tmp_path):
    """makemessages, run on a copy of the project, finds nothing that is not translated already."""
    copy = tmp_path / "project"
    copy.mkdir()
    shutil.copytree(ROOT / "portal", copy / "portal", ignore=shutil.ignore_patterns("__pycache__", "static"))
    shutil.copytree(ROOT / "locale", copy / "locale")
    shutil.copy(ROOT / "manage.py", copy / "manage.py")
    env = {**os.environ, "VAR_DIR": str(tmp_path / "var"), "DJANGO_SETTINGS_MODULE": "portal.settings"}
    command = [sys.executable, "manage.py", "makemessages", "--no-obsolete", *[f"-l{code}" for code in LANGUAGES]]
    subprocess.run(command, cwd=copy, env=env, check=True, capture_output=True)
    for language in LANGUAGES:
        po = copy / "locale" / language / "LC_MESSAGES" / "django.po"
        new = [entry.msgid for entry in read_po(po)[1:] if not all(entry.translations) or "fuzzy" in entry.flags]
        assert new == [], f"untranslated in {language}: run `make messages` and translate them"


TRANSLATION_FUNCTIONS = {"gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy", "_"}


def test_no_message_is_written_inside_an_f_string():
    """makemessages (xgettext) does not look inside f-strings: a message written there has no entry
    in the catalogues, and the next `make messages` drops the translation it had."""
    found = []
    for path in sorted((ROOT / "portal").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if not isinstance(node, ast.JoinedStr):
                continue
            for inner in ast.walk(node):
                if isinstance(inner, ast.Call) and getattr(inner.func, "id", None) in TRANSLATION_FUNCTIONS:
                    found.append(f"{path.relative_to(ROOT)}:{inner.lineno}")
    assert found == []
