"""The feeds' XSL stylesheet is sent with an XSLT type: under ``X-Content-Type-Options: nosniff`` a
browser applies a stylesheet only when its type says what it is (application/octet-stream does not)."""

from django.conf import settings
from django.test import Client
from django.views.static import serve


def media_type(response) -> str:
    return response["Content-Type"].split(";")[0].strip()


def test_whitenoise_sends_the_stylesheet_as_text_xsl(settings):
    # A middleware built afresh that finds the files where collectstatic would take them from.
    settings.WHITENOISE_USE_FINDERS = True
    response = Client().get("/static/feeds/atom.xsl")
    assert response.status_code == 200
    assert media_type(response) == "text/xsl"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"<xsl:stylesheet" in b"".join(response.streaming_content)


def test_djangos_static_view_sends_it_as_text_xsl_too(rf, db):  # db: closing the response says the request ended
    response = serve(
        rf.get("/static/feeds/atom.xsl"), "feeds/atom.xsl", document_root=settings.BASE_DIR / "portal/static"
    )
    assert media_type(response) == "text/xsl"
    response.close()


def test_the_feed_names_the_stylesheet_with_the_same_type(client, reference_data):
    head = client.get("/feeds/themes/research/").content.decode().split("<feed", 1)[0]
    assert '<?xml-stylesheet type="text/xsl" href="/static/feeds/atom.xsl"?>' in head
