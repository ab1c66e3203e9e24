"""A request body over MAX_REQUEST_BYTES is refused with 413 before any of it is read."""

import io
import socket
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIRequest
from django.urls import reverse

from portal.accounts.models import User
from portal.practices.models import Practice
from tests.practices.conftest import verified
from tests.practices.test_images import image_bytes
from tests.practices.test_submission_and_moderation import FORM

LIMIT = 200_000


@pytest.fixture
def form_client(client, reference_data, settings, tmp_path):
    """A contributor at the practice form, uploads kept in a folder of the test's own, and a small limit."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MAX_REQUEST_BYTES = LIMIT
    client.force_login(verified(User.objects.create_user("amina", "amina@example.org", "pw")))
    return client


def submit_with_image(client, size: int):
    """The practice form with a PNG image padded to ``size`` bytes."""
    data = image_bytes("PNG")
    upload = SimpleUploadedFile("logo.png", data + b"\0" * (size - len(data)), content_type="image/png")
    return client.post(reverse("practices:submit"), {**FORM, "image": upload, "action": "draft"})


def test_a_request_over_the_limit_is_answered_413_and_nothing_is_saved(form_client, tmp_path):
    response = submit_with_image(form_client, LIMIT + 1)
    assert response.status_code == 413
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "This request is too large" in response.content.decode()
    assert not Practice.objects.exists()
    assert not (tmp_path / "media").exists()


def test_a_request_under_the_limit_is_handled_as_usual(form_client):
    response = submit_with_image(form_client, LIMIT // 2)
    practice = Practice.objects.get()
    assert response.status_code == 302 and response["Location"] == practice.get_absolute_url()
    assert practice.image


def test_the_413_is_sent_before_the_body_arrives(live_server):
    """Over a real socket: the headers announce 50 MB and no byte of the body follows. Had the portal
    waited for the body, no answer would come."""
    address = urlsplit(live_server.url)
    with socket.create_connection((address.hostname, address.port), timeout=10) as connection:
        connection.sendall(
            b"POST /practices/submit/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 52428800\r\n\r\n"
        )
        status_line = connection.recv(4096).split(b"\r\n", 1)[0]
    assert status_line.split()[1] == b"413"


def test_a_body_without_content_length_is_read_as_empty():
    """What a chunked upload becomes: gunicorn passes it on without a Content-Length, and Django then
    reads no body at all, so the upload is neither kept in memory nor written to disk."""
    body = (
        b'--x\r\nContent-Disposition: form-data; name="image"; filename="a.png"\r\n\r\n'
        + b"\0" * 1000
        + b"\r\n--x--\r\n"
    )
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/practices/submit/",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "CONTENT_TYPE": "multipart/form-data; boundary=x",
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
    }
    request = WSGIRequest(environ)
    assert not request.FILES and not request.POST


def test_the_413_answer_speaks_the_language_of_the_page_it_was_sent_from(form_client):
    data = image_bytes("PNG")
    upload = SimpleUploadedFile("logo.png", data + b"\0" * LIMIT, content_type="image/png")
    response = form_client.post("/fr/practices/submit/", {**FORM, "image": upload, "action": "draft"})
    assert response.status_code == 413
    assert "Cette requête est trop volumineuse" in response.content.decode()
    assert not Practice.objects.exists()
