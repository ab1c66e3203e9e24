"""Plain text: paragraphs and bullets turned into safe HTML; the control characters text may not hold."""

import re

from django.core.exceptions import ValidationError
from django.utils.html import escape, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _


def paragraphs_html(text: str) -> SafeString:
    """Paragraphs (split by blank lines) to <p>; runs of '• ' lines to <ul>. Everything is escaped."""
    html: list[str] = []
    for paragraph in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in paragraph.split("\n") if line.strip()]
        run: list[str] = []
        bullets = False
        for line in [*lines, None]:
            is_bullet = line is not None and line.startswith("• ")
            if run and (line is None or is_bullet != bullets):
                html.append(_close(run, bullets))
                run = []
            if line is not None:
                bullets = is_bullet
                run.append(line[2:] if is_bullet else line)
    return mark_safe("\n".join(html))  # noqa: S308 - every piece is escaped in _close


def _close(run: list[str], bullets: bool) -> str:
    if bullets:
        return "<ul>" + format_html_join("", "<li>{}</li>", ((item,) for item in run)) + "</ul>"
    return "<p>" + "<br>".join(escape(line) for line in run) + "</p>"


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
