"""Checking an uploaded practice image by its content, and re-encoding it to drop metadata.

The old form took one GIF, JPEG or PNG file of at most 2 MB. The name and the declared type of
an upload prove nothing, so the file is opened with Pillow and judged by what it is.

A small file can declare a huge bitmap (a 150 KB PNG of 6,300 x 6,300 pixels takes 160 MB to
decode), so the size is read from the header (``Image.open`` decodes nothing) and checked before
any pixel is decoded; the file is then verified, and reopened to decode one bitmap, written out
from that same bitmap.
"""

import io
import re
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils.formats import number_format
from django.utils.translation import gettext
from PIL import Image, UnidentifiedImageError

MAX_BYTES = 2 * 1024 * 1024
# Plenty for a logo or a photo (4,000 x 3,000); guards against "decompression bombs", tiny files
# that expand enormously. (Pillow's own MAX_IMAGE_PIXELS, some 89 MP, refuses only at twice that.)
MAX_PIXELS = 12_000_000
ALLOWED_FORMATS = {"GIF": "gif", "JPEG": "jpg", "PNG": "png"}
# What Pillow calls some files people know as JPEG: many phone cameras write MPO, a JPEG followed
# by more pictures (a depth map, a preview). The first picture is kept, as a plain JPEG.
SAME_AS = {"MPO": "JPEG"}


def clean_image(upload: UploadedFile) -> SimpleUploadedFile:
    """A fresh GIF, JPEG or PNG file made from the upload's pixels alone, or a ValidationError saying why not."""
    assert upload.size is not None  # typed optional; an upload received by Django always has its size
    if upload.size > MAX_BYTES:
        raise ValidationError(
            gettext("The image is {size} MB; the limit is 2 MB. Please send a smaller file.").format(
                size=number_format(upload.size / 1024 / 1024, 1)
            ),
            code="too_large",
        )
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:  # reads the header only
            found = SAME_AS.get(probe.format or "", probe.format)
            width, height = probe.size
            if found in ALLOWED_FORMATS and width * height <= MAX_PIXELS:
                probe.verify()
    except Image.DecompressionBombError:  # a header past Pillow's own limit, far above ours
        raise _too_many_pixels() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            gettext("This file is not a GIF, JPEG or PNG image (its content was checked, not its name)."),
            code="not_image",
        ) from None
    if found not in ALLOWED_FORMATS:
        raise ValidationError(
            gettext("This is a {format} image; please send a GIF, JPEG or PNG file.").format(format=found),
            code="wrong_format",
        )
    if width * height > MAX_PIXELS:
        raise _too_many_pixels(width, height)
    try:
        return _reencode(data, found, upload.name or "image")
    except (OSError, ValueError, SyntaxError):
        raise ValidationError(gettext("The image is damaged and could not be read."), code="damaged") from None


def _too_many_pixels(width: int | None = None, height: int | None = None) -> ValidationError:
    limit = MAX_PIXELS // 1_000_000
    if width is None:
        message = gettext("The image has far too many pixels; please send one under {limit} megapixels.")
    else:
        message = gettext("The image is {width} × {height} pixels; please send one under {limit} megapixels.")
    return ValidationError(message.format(width=width, height=height, limit=limit), code="too_many_pixels")


def _reencode(data: bytes, image_format: str, name: str) -> SimpleUploadedFile:
    """The pixels alone, written anew: one decoded bitmap at a time (a conversion, where one is
    needed, replaces the decoded one, which is released at once)."""
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        if image_format == "GIF":
            pixels = image.convert("RGBA")  # the first frame; an animation is not kept
        elif image.mode not in ({"RGB", "L"} if image_format == "JPEG" else {"RGB", "RGBA", "L", "LA"}):
            pixels = image.convert("RGB" if image_format == "JPEG" else "RGBA")
        else:
            pixels = image
        if pixels is not image:
            image.close()
        # EXIF, XMP, ICC profiles, comments and text chunks live in ``info`` (a conversion copies it):
        # without it, only the pixels are written.
        pixels.info = {}
        output = io.BytesIO()
        options = {"quality": 88, "optimize": True} if image_format == "JPEG" else {"optimize": True}
        pixels.save(output, format=image_format, **options)
        pixels.close()
    extension = ALLOWED_FORMATS[image_format]
    # Letters, digits, - and _ of the name only: "😀.png" or "...png" would otherwise be stored as a
    # hidden file (".png"), which web servers often refuse to serve.
    stem = re.sub(r"[^\w-]", "", PurePath(name).stem)[:80].strip("_-") or "image"
    content_type = {"GIF": "image/gif", "JPEG": "image/jpeg", "PNG": "image/png"}[image_format]
    return SimpleUploadedFile(f"{stem}.{extension}", output.getvalue(), content_type=content_type)
