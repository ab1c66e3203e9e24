"""The site's stylesheet is read whole by the browser: one unclosed rule hides every rule after it."""

import re

from django.conf import settings

STYLESHEETS = ("portal/static/css/site.css", "portal/static/css/api-docs.css")


def without_comments_and_strings(css: str) -> str:
    """The CSS with its comments and quoted strings emptied, their lines kept (so line numbers still match)."""
    css = re.sub(r"/\*.*?\*/", lambda comment: "\n" * comment[0].count("\n"), css, flags=re.S)
    return re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'', '""', css)


def test_every_rule_of_the_stylesheets_is_closed_and_no_merge_marker_is_left():
    for name in STYLESHEETS:
        css = (settings.BASE_DIR / name).read_text()
        assert not re.search(r"^(<<<<<<<|=======|>>>>>>>)", css, flags=re.M), f"{name}: a merge marker"
        depth = 0
        for line_number, line in enumerate(without_comments_and_strings(css).splitlines(), start=1):
            depth += line.count("{") - line.count("}")
            assert depth >= 0, f"{name}: a '}}' closes nothing near line {line_number}"
        assert depth == 0, f"{name}: {depth} rule(s) left open"
