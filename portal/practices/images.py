"""Checking an uploaded practice image by its content, and re-encoding it to drop metadata.

The old form took one GIF, JPEG or PNG file of at most 2 MB. The name and the declared type of
an upload prove nothing, so the file is opened with Pillow and judged by what it is.
"""

import io
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils.formats import number_format
from django.utils.translation import gettext
from PIL import Image, UnidentifiedImageError

MAX_BYTES = 2 * 1024 * 1024
MAX_PIXELS = 40_000_000  # guards against "decompression bombs": tiny files that expand enormously
ALLOWED_FORMATS = {"GIF": "gif", "JPEG": "jpg", "PNG": "png"}


def clean_image(upload: UploadedFile) -> SimpleUploadedFile:
    """A fresh GIF, JPEG or PNG file made from the upload's pixels alone, or a ValidationError saying why not."""
    if upload.size > MAX_BYTES:
        raise ValidationError(
            gettext("The image is {size} MB; the limit is 2 MB. Please send a smaller file.").format(
                size=number_format(upload.size / 1024 / 1024, 1)
            ),
            code="too_large",
        )
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            found = probe.format
            width, height = probe.size
            probe.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
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
        raise ValidationError(
            gettext("The image is {width} × {height} pixels; please send one under {limit} megapixels.").format(
                width=width, height=height, limit=MAX_PIXELS // 1_000_000
            ),
            code="too_many_pixels",
        )
    try:
        return _reencode(data, found, upload.name or "image")
    except (OSError, ValueError, SyntaxError):
        raise ValidationError(gettext("The image is damaged and could not be read."), code="damaged") from None


def _reencode(data: bytes, image_format: str, name: str) -> SimpleUploadedFile:
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        if image_format == "JPEG":
            pixels = image.convert("RGB")
        elif image_format == "GIF":
            pixels = image.convert("RGBA")  # the first frame; an animation is not kept
        else:
            pixels = image.convert("RGBA") if image.mode not in {"RGB", "RGBA", "L", "LA"} else image.copy()
        # A new image carries no EXIF, XMP, ICC or text chunks: only the pixels are kept.
        clean = Image.new(pixels.mode, pixels.size)
        clean.paste(pixels)
    output = io.BytesIO()
    options = {"quality": 88, "optimize": True} if image_format == "JPEG" else {"optimize": True}
    clean.save(output, format=image_format, **options)
    extension = ALLOWED_FORMATS[image_format]
    stem = PurePath(name).stem[:80] or "image"
    content_type = {"GIF": "image/gif", "JPEG": "image/jpeg", "PNG": "image/png"}[image_format]
    return SimpleUploadedFile(f"{stem}.{extension}", output.getvalue(), content_type=content_type)
