"""The practice image: judged by its content, re-encoded without metadata, refused with a reason."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageFile, PngImagePlugin

from portal.core.concurrency import version_of
from portal.countries.models import Country
from portal.practices.images import clean_image
from portal.practices.models import Practice
from tests.practices.test_submission_and_moderation import FORM


def image_bytes(image_format: str, size=(40, 30), mode=None, **save_options) -> bytes:
    buffer = io.BytesIO()
    mode = mode or ("RGB" if image_format in {"JPEG", "BMP"} else "RGBA")
    Image.new(mode, size, 1 if mode == "1" else (200, 30, 30)).save(buffer, format=image_format, **save_options)
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


def test_a_phone_camera_jpeg_with_more_pictures_is_kept_as_its_first_picture(form_client):
    first, depth_map = Image.new("RGB", (40, 30), "red"), Image.new("RGB", (40, 30), "blue")
    buffer = io.BytesIO()
    first.save(buffer, format="MPO", save_all=True, append_images=[depth_map])
    response = post_with(form_client, "IMG_2041.jpg", buffer.getvalue(), "image/jpeg")
    assert response.status_code == 302
    with Image.open(Practice.objects.get().image.path) as stored:
        assert stored.format == "JPEG" and getattr(stored, "n_frames", 1) == 1
        assert stored.getpixel((5, 5))[0] > 200  # the red first picture


@pytest.mark.parametrize(
    ("name", "stored"), [("😀😀.png", "image.png"), ("....png", "image.png"), ("été 2021.png", "été2021.png")]
)
def test_an_upload_s_name_never_makes_a_hidden_or_empty_file_name(form_client, name, stored):
    post_with(form_client, name, image_bytes("PNG"))
    assert Practice.objects.get().image.name.rsplit("/", 1)[1].startswith(stored.rsplit(".", 1)[0])
    assert not Practice.objects.get().image.name.rsplit("/", 1)[1].startswith(".")


def test_an_image_over_2_mb_is_refused(form_client):
    big = image_bytes("PNG") + b"\0" * (2 * 1024 * 1024)
    response = post_with(form_client, "big.png", big)
    assert "The image is 2.0 MB; the limit is 2 MB. Please send a smaller file." in response.content.decode()
    assert not Practice.objects.exists()


def bomb() -> bytes:
    """A PNG of 6,300 x 6,300 pixels (40 megapixels) in a few kilobytes: one colour compresses to little."""
    return image_bytes("PNG", size=(6300, 6300), mode="1")


BOMB_MESSAGE = "The image is 6300 × 6300 pixels; please send one under 12 megapixels."


def test_a_decompression_bomb_is_refused_on_the_form_and_nothing_is_written(form_client, settings):
    assert len(bomb()) < 100_000
    response = post_with(form_client, "bomb.png", bomb())
    assert BOMB_MESSAGE in response.content.decode()
    assert not Practice.objects.exists()
    assert not (settings.MEDIA_ROOT).exists() or not any(settings.MEDIA_ROOT.rglob("*.*"))


def test_the_pixels_are_counted_from_the_header_before_any_decoding(monkeypatch):
    upload = SimpleUploadedFile("bomb.png", bomb(), content_type="image/png")
    decoded = []
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda image: decoded.append("load"))
    monkeypatch.setattr(PngImagePlugin.PngImageFile, "verify", lambda image: decoded.append("verify"))
    with pytest.raises(ValidationError) as refused:
        clean_image(upload)
    assert refused.value.code == "too_many_pixels"
    assert decoded == []


def test_a_header_past_pillows_own_limit_is_refused_for_its_pixels():
    # 20,000 x 20,000 pixels: Pillow itself refuses to open it (over twice its MAX_IMAGE_PIXELS).
    huge = image_bytes("PNG", size=(20_000, 20_000), mode="1")
    with pytest.raises(ValidationError) as refused:
        clean_image(SimpleUploadedFile("huge.png", huge, content_type="image/png"))
    assert refused.value.messages == ["The image has far too many pixels; please send one under 12 megapixels."]


def test_an_image_at_the_pixel_limit_is_accepted(form_client):
    post_with(form_client, "photo.jpg", image_bytes("JPEG", size=(4000, 3000)), "image/jpeg")
    with Image.open(Practice.objects.get().image.path) as stored:
        assert stored.size == (4000, 3000)


def test_text_chunks_and_gif_comments_are_dropped(form_client):
    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "SecretPerson")
    post_with(form_client, "logo.png", image_bytes("PNG", pnginfo=text))
    post_with(form_client, "logo.gif", image_bytes("GIF", comment=b"SecretComment"), "image/gif")
    for practice in Practice.objects.all():
        with open(practice.image.path, "rb") as stored:
            assert b"Secret" not in stored.read()


def test_the_admin_refuses_a_decompression_bomb_and_keeps_the_stored_image(
    admin_client, reference_data, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    practice = Practice.objects.create(title="Diaspora bonds", summary="Bonds.", status="draft")
    page = admin_client.get(reverse("admin:practices_practice_change", args=[practice.pk]))
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if name != "image"}
    data = {name: ("on" if value is True else "" if value in (False, None) else value) for name, value in data.items()}
    for inline in page.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data["image"] = SimpleUploadedFile("bomb.png", bomb(), content_type="image/png")

    response = admin_client.post(reverse("admin:practices_practice_change", args=[practice.pk]), data)

    assert response.status_code == 200
    assert BOMB_MESSAGE in response.content.decode()
    practice.refresh_from_db()
    assert not practice.image
    assert not any(settings.MEDIA_ROOT.rglob("*.*")) if settings.MEDIA_ROOT.exists() else True


def test_the_pixel_refusal_is_translated(form_client):
    upload = SimpleUploadedFile("bomb.png", bomb(), content_type="image/png")
    response = form_client.post("/fr/practices/submit/", {**FORM, "image": upload, "action": "draft"})
    page = response.content.decode()
    assert "L’image mesure 6300 × 6300 pixels\u00a0; veuillez en envoyer une de moins de 12 mégapixels." in page
    assert not Practice.objects.exists()


def submit_with_a_new_image(client, practice: Practice):
    """The edit form of ``practice``, all valid, with a new image and the "submit" step."""
    upload = SimpleUploadedFile("logo.png", image_bytes("PNG"), content_type="image/png")
    data = {**FORM, "image": upload, "action": "submit", "loaded_version": version_of(practice)}
    return client.post(reverse("practices:edit", args=[practice.pk]), data)


def stored_files(settings) -> list:
    media = settings.MEDIA_ROOT
    return [path for path in media.rglob("*") if path.is_file()] if media.exists() else []


def test_a_refused_submission_leaves_no_image_behind(form_client, editor, settings):
    # Saved as a draft, the image stored; then a step the state does not allow: all of it is undone.
    published = Practice.objects.create(title="Live", summary="S", submitter=editor, status="published")
    published.countries.set(Country.objects.filter(iso3="SEN"))
    form_client.force_login(editor)
    response = submit_with_a_new_image(form_client, published)
    assert response.status_code == 200
    assert "cannot become submitted" in response.content.decode()
    published.refresh_from_db()
    assert not published.image and published.status == "published"
    assert stored_files(settings) == []


def test_a_submission_refused_as_not_allowed_leaves_no_image_behind(form_client, contributor, editor, settings):
    # An editor may edit someone else's draft but not submit it for them: 403, and the image goes too.
    draft = Practice.objects.create(title="Theirs", summary="S", submitter=contributor, status="draft")
    draft.countries.set(Country.objects.filter(iso3="SEN"))
    form_client.force_login(editor)
    response = submit_with_a_new_image(form_client, draft)
    assert response.status_code == 403
    draft.refresh_from_db()
    assert not draft.image and draft.status == "draft"
    assert stored_files(settings) == []
