"""Plain text with paragraphs and bullets, turned into safe HTML."""

from django.utils.html import escape, format_html_join
from django.utils.safestring import SafeString, mark_safe


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
