"""The accessibility statement, in each language."""

import pytest


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/accessibility/", "Accessibility statement"),
        ("/fr/accessibility/", "Déclaration d’accessibilité"),
        ("/es/accessibility/", "Declaración de accesibilidad"),
    ],
)
def test_the_statement_exists_in_each_language(client, db, path, heading):
    html = client.get(path).content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert "WCAG" in html and "2.1" in html


def test_the_statement_says_what_is_checked_and_how(client, db):
    html = client.get("/accessibility/").content.decode()
    for words in [
        "axe-core",
        "Playwright",
        "Chromium",
        "360, 768 and 1280",
        "English, French and Spanish",
        "keyboard",
        "skip link",
        "Known limitations",
        "Report a problem",
    ]:
        assert words in html, words
