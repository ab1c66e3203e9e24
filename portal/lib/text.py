"""Plain text: paragraphs and bullets split into blocks for a template; the control characters text may not hold."""

import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext
from django_stubs_ext import StrOrPromise


def labelled(label: StrOrPromise, text: str) -> str:
    """ "Label: text" as the reader's language writes it (French puts a no-break space before the
    colon). Templates write the same separator with ``{% translate ": " context "…" %}``."""
    separator = pgettext("between a label and what follows it", ": ")
    return f"{label}{separator}{text}"


@dataclass(frozen=True)
class Block:
    """A paragraph (its lines, shown with line breaks) or a bullet list (its items)."""

    lines: list[str]
    bullets: bool = False


def blocks(text: str) -> list[Block]:
    """Paragraphs (split by blank lines); within one, each run of '• ' lines becomes a bullet list.
    core/_paragraphs.html draws them (the ``{% paragraphs %}`` tag)."""
    found: list[Block] = []
    for paragraph in (text or "").replace("\r\n", "\n").split("\n\n"):
        run: list[str] = []
        bullets = False
        for line in [line.strip() for line in paragraph.split("\n") if line.strip()]:
            is_bullet = line.startswith("• ")
            if run and is_bullet != bullets:
                found.append(Block(run, bullets))
                run = []
            bullets = is_bullet
            run.append(line[2:] if is_bullet else line)
        if run:
            found.append(Block(run, bullets))
    return found


# Control characters (Unicode category Cc) other than tab, line feed and carriage return: XML 1.0
# cannot hold most of them (an Atom feed with one fails), PostgreSQL refuses NUL, and none is text.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def validate_clean_text(value: object) -> None:
    """The one validator of text that people or imports write: refuses control characters, naming the first.

    Also walks JSON values (lists and the values of objects: a correction's proposed changes)."""
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        for item in value:
            validate_clean_text(item)
        return
    if not isinstance(value, str):
        return
    found = CONTROL_CHARACTERS.search(value)
    if found:
        raise ValidationError(
            _("Remove the control character %(character)s (at position %(position)s): text cannot hold it."),
            code="control_character",
            params={"character": f"U+{ord(found.group()):04X}", "position": found.start() + 1},
        )


def strip_control_characters(text: str) -> str:
    """``text`` without the characters validate_clean_text refuses (for rows stored before it existed)."""
    return CONTROL_CHARACTERS.sub("", text)


def sort_key(name: str) -> str:
    """A key that sorts names as a reader expects, in every language: case and accents aside (Côte
    d'Ivoire before Croatia, Égypte between Danemark and Fidji, Åland Islands among the A's)."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
