"""/api/v1/docs/: Swagger UI served from the sidecar package, and working under the site's CSP."""

import json
import re
from html.parser import HTMLParser

from django.contrib.staticfiles import finders


class Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts: list[dict] = []
        self.links: list[str] = []
        self.inline: list[str] = []
        self.styles = 0
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts.append(attrs)
            self._in_script = True
        elif tag == "link":
            self.links.append(attrs["href"])
        elif tag == "style":
            self.styles += 1
        if any(name.startswith("on") for name in attrs):
            self.inline.append(f"event handler on <{tag}>")
        if "style" in attrs:
            self.inline.append(f"style attribute on <{tag}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline.append(data)


def test_the_docs_page_uses_local_assets_and_no_inline_script(client, db):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    page = Assets()
    page.feed(response.content.decode())
    assert page.inline == [] and page.styles == 0
    sources = [script["src"] for script in page.scripts]
    assert len(sources) == 3 and all(src for src in sources)
    assert page.links[-1].startswith("/static/css/api-docs")  # the portal's own bar
    for url in sources[:2] + page.links[:-1]:
        assert url.startswith("/static/drf_spectacular_sidecar/swagger-ui-dist/"), url
        assert finders.find(url.removeprefix("/static/")), f"{url} is not in the installed static files"
    assert sources[2] == "/api/v1/docs/?script="
    assert not re.search(r"https?://", response.content.decode())


def test_the_start_up_script_is_a_file_of_its_own_pointing_at_the_schema(client, db):
    response = client.get("/api/v1/docs/?script=")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    text = response.content.decode()
    assert "SwaggerUIBundle" in text
    assert 'url: "/api/v1/schema/"' in text


def test_the_schema_is_openapi_3_with_every_collection(client, db):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert response.content.startswith(b"openapi: 3.")
    schema = json.loads(client.get("/api/v1/schema/?format=json").content)
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    for collection in (
        "countries/{iso3}",
        "editions/{label}",
        "meetings/{id}",
        "roundtables/{id}",
        "participation/{id}",
        "practices/{id}",
        "themes/{slug}",
        "gcm-objectives/{number}",
        "sdg-targets/{code}",
        "external-resources/{id}",
    ):
        assert f"/api/v1/{collection}/" in paths
        assert f"/api/v1/{collection.split('/')[0]}/" in paths
    assert schema["components"]["securitySchemes"]["tokenAuth"]["type"] == "apiKey"
    practice = schema["components"]["schemas"]["Practice"]["properties"]
    assert practice["contact_email"]["description"] == "Editors only."


def test_the_docs_page_links_back_to_the_portal(client, db):
    html = client.get("/api/v1/docs/").content.decode()
    nav = re.search(r'<nav aria-label="Back to the portal".*?</nav>', html, re.S)[0]
    assert '<a href="/">GFMD Portal</a>' in nav and '<a href="/data/">' in nav
