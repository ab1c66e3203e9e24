"""Uploaded images are served back outside production, and errors answer pages in the portal's layout."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import get_template
from django.urls import reverse
from django.utils import translation
from PIL import Image

from portal.practices.models import Practice
from tests.practices.conftest import contributor, verified  # noqa: F401 (fixture)


def png_upload(name="logo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (11, 79, 124)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_an_uploaded_image_is_fetched_back_with_its_content_type(client, contributor, reference_data, media_root):  # noqa: F811
    client.force_login(contributor)
    response = client.post(
        reverse("practices:submit"),
        {
            "title": "With a logo",
            "summary": "A summary.",
            "countries": ["SEN"],
            "image": png_upload(),
            "action": "draft",
        },
    )
    assert response.status_code == 302
    practice = Practice.objects.get(title="With a logo")
    assert practice.image.url.startswith("/media/practices/")

    image = client.get(practice.image.url)
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"
    assert b"".join(image.streaming_content).startswith(b"\x89PNG")
    page = client.get(practice.get_absolute_url()).content.decode()
    assert f'src="{practice.image.url}"' in page


def test_media_paths_cannot_leave_the_media_folder(client, media_root, settings):
    (media_root.parent / "secret.txt").write_text("no")
    assert client.get("/media/../secret.txt").status_code in (400, 404)
    assert client.get("/media/%2e%2e/secret.txt").status_code in (400, 404)
    assert client.get("/media/practices/missing.png").status_code == 404


def test_an_unknown_address_answers_a_404_page_in_the_layout_with_ways_back(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'class="site-header"' in html and "Page not found" in html
    assert 'href="/"' in html and 'href="/practices/"' in html


def test_the_404_page_speaks_the_language_of_the_address(client, db):
    html = client.get("/fr/no-such-page/").content.decode()
    assert '<html lang="fr">' in html
    assert "Page introuvable" in html


def test_a_refusal_answers_a_403_page_in_the_layout(client, contributor):  # noqa: F811
    client.force_login(contributor)
    response = client.get(reverse("practices:queue"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Not allowed" in html and 'class="site-header"' in html and 'href="/"' in html


@pytest.mark.parametrize("name", ["500.html", "400.html"])
def test_the_500_and_400_pages_render_without_request_context_or_database(name):
    # As Django renders the 500 page: a bare template with no request and no context processor; and
    # without the db fixture, pytest-django makes any database access fail.
    with translation.override("es"):
        html = get_template(name).render({})
    assert '<html lang="es">' in html and 'href="/es/"' in html
    assert "/static/css/site.css" in html


def test_a_host_outside_allowed_hosts_answers_the_400_page(client, db):
    response = client.get("/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()
