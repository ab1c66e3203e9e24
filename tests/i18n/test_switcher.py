"""The language switcher: plain links to the same page in each language, and the alternates in <head>."""

import re


def switcher(html: str) -> str:
    return re.search(r'<nav class="language-switcher".*?</nav>', html, re.S)[0]


def test_the_switcher_links_to_the_same_page_in_each_language(client, mali):
    nav = switcher(client.get("/countries/mli/").content.decode())
    assert '<a href="/countries/mli/" lang="en" hreflang="en" aria-current="true">English</a>' in nav
    assert '<a href="/fr/countries/mli/" lang="fr" hreflang="fr">Français</a>' in nav
    assert '<a href="/es/countries/mli/" lang="es" hreflang="es">Español</a>' in nav


def test_on_a_french_page_french_is_the_current_language(client, mali):
    nav = switcher(client.get("/fr/countries/mli/").content.decode())
    assert '<a href="/countries/mli/" lang="en" hreflang="en">English</a>' in nav
    assert '<a href="/fr/countries/mli/" lang="fr" hreflang="fr" aria-current="true">Français</a>' in nav


def test_the_switcher_keeps_the_query_string(client, mali):
    nav = switcher(client.get("/practices/?q=diaspora&sort=date").content.decode())
    assert 'href="/fr/practices/?q=diaspora&amp;sort=date"' in nav
    assert 'href="/es/practices/?q=diaspora&amp;sort=date"' in nav


def test_the_switcher_is_a_set_of_links_not_a_form(client, mali):
    nav = switcher(client.get("/").content.decode())
    assert "<form" not in nav
    assert '<a href="/fr/"' in nav


def test_the_head_names_the_page_in_each_language(client, mali):
    html = client.get("/es/editions/2018/").content.decode()
    head = html.split("</head>")[0]
    for code, url in [("en", "/editions/2018/"), ("fr", "/fr/editions/2018/"), ("es", "/es/editions/2018/")]:
        assert f'<link rel="alternate" hreflang="{code}" href="http://testserver{url}">' in head
    assert '<link rel="alternate" hreflang="x-default" href="http://testserver/editions/2018/">' in head


def test_the_footer_links_to_the_accessibility_statement_in_the_page_language(client, mali):
    assert 'href="/fr/accessibility/"' in client.get("/fr/").content.decode()
    assert 'href="/accessibility/"' in client.get("/").content.decode()


def test_on_a_page_not_found_the_switcher_still_changes_the_language(client, mali):
    response = client.get("/fr/nope/?x=1")
    assert response.status_code == 404
    nav = switcher(response.content.decode())
    assert '<a href="/nope/?x=1" lang="en" hreflang="en">English</a>' in nav
    assert '<a href="/fr/nope/?x=1" lang="fr" hreflang="fr" aria-current="true">Français</a>' in nav
    assert '<a href="/es/nope/?x=1" lang="es" hreflang="es">Español</a>' in nav
    english = switcher(client.get("/nope/").content.decode())
    assert '<a href="/es/nope/" lang="es" hreflang="es">Español</a>' in english


def test_a_page_not_found_at_a_double_slash_links_to_no_other_site(client, mali):
    for address in ("//evil.example/x/", "/%5Cevil.example/x/", "/fr//evil.example/"):
        html = client.get(address).content.decode()
        assert 'href="//' not in html and 'href="/\\' not in html, address
