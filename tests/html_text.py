"""Reading a rendered page as a person sees it: its visible text, one line per block element."""

import re
from html.parser import HTMLParser

_BLOCK_TAGS = {
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "section",
    "table",
    "td",
    "th",
    "tr",
    "ul",
}
_HIDDEN_TAGS = {"head", "script", "style", "template"}


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _HIDDEN_TAGS:
            self.hidden += 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN_TAGS:
            self.hidden -= 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def normalise(line: str) -> str:
    """Bullets, curly quotes and runs of white space (including no-break spaces) made plain."""
    line = re.sub(r"[\u00a0\u2000-\u200b\u202f]", " ", line)
    line = line.replace("“", '"').replace("”", '"').replace("’", "'").replace("‘", "'")
    line = re.sub(r"^\s*(?:[•·*]|-(?=\s))\s*", "", line)
    return " ".join(line.split())


def visible_lines(html: str) -> list[str]:
    parser = _TextExtractor()
    parser.feed(html)
    text = "".join(parser.parts)
    return [line for line in (normalise(raw) for raw in text.split("\n")) if line]
