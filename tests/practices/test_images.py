"""The practice image: judged by its content, re-encoded without metadata, refused with a reason."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from portal.practices.models import Practice
from tests.practices.test_submission_and_moderation import FORM


def image_bytes(image_format: str, size=(40, 30), **save_options) -> bytes:
    buffer = io.BytesIO()
    mode = "RGB" if image_format in {"JPEG", "BMP"} else "RGBA"
    Image.new(mode, size, (200, 30, 30)).save(buffer, format=image_format, **save_options)
    return buffer.getvalue()


def jpeg_with_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # camera make
    exif[0x8825] = {2: (1.0, 2.0, 3.0)}  # a GPS latitude
    return image_bytes("JPEG", exif=exif.tobytes())


@pytest.fixture
def form_client(client, reference_data, contributor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(contributor)
    return client


def post_with(client, name: str, data: bytes, content_type: str = "image/png"):
    upload = SimpleUploadedFile(name, data, content_type=content_type)
    return client.post(reverse("practices:submit"), {**FORM, "image": upload, "action": "draft"})


@pytest.mark.parametrize("image_format", ["PNG", "GIF", "JPEG"])
def test_gif_jpeg_and_png_are_accepted(form_client, image_format):
    post_with(form_client, f"logo.{image_format.lower()}", image_bytes(image_format))
    practice = Practice.objects.get()
    with Image.open(practice.image.path) as stored:
        assert stored.format == image_format


def test_metadata_is_dropped_by_re_encoding(form_client):
    original = jpeg_with_exif()
    with Image.open(io.BytesIO(original)) as before:
        assert before.getexif()[0x010F] == "SecretCam"
    post_with(form_client, "photo.jpg", original, "image/jpeg")
    with Image.open(Practice.objects.get().image.path) as stored:
        assert not stored.getexif()
    with open(Practice.objects.get().image.path, "rb") as stored_file:
        assert b"SecretCam" not in stored_file.read()


def test_a_file_named_png_that_is_text_is_refused_and_nothing_is_saved(form_client):
    response = post_with(form_client, "forged.png", b"<?php echo 'not an image'; ?>")
    message = "This file is not a GIF, JPEG or PNG image (its content was checked, not its name)."
    assert message in response.content.decode()
    assert not Practice.objects.exists()
    assert FORM["summary"] in response.content.decode()  # the other values are kept


def test_another_image_format_is_refused_by_name(form_client):
    response = post_with(form_client, "picture.png", image_bytes("BMP"))
    assert "This is a BMP image; please send a GIF, JPEG or PNG file." in response.content.decode()
    assert not Practice.objects.exists()


def test_an_image_over_2_mb_is_refused(form_client):
    big = image_bytes("PNG") + b"\0" * (2 * 1024 * 1024)
    response = post_with(form_client, "big.png", big)
    assert "The image is 2.0 MB; the limit is 2 MB. Please send a smaller file." in response.content.decode()
    assert not Practice.objects.exists()


def test_a_decompression_bomb_is_refused(form_client):
    response = post_with(form_client, "bomb.png", image_bytes("PNG", size=(8000, 6000)))
    assert "The image is 8000 × 6000 pixels; please send one under 40 megapixels." in response.content.decode()
    assert not Practice.objects.exists()
