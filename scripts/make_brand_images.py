"""Draws the portal's favicon.ico and its default link-preview card (run once; the files are committed).

    .venv/bin/python scripts/make_brand_images.py

The same globe as portal/static/img/favicon.svg, in the header's colours (portal/static/css/site.css).
The word-mark uses DejaVu Sans Bold (Debian's fonts-dejavu-core).
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

BRAND = "#0b4f7c"
BRAND_DARK = "#083a5b"
WHITE = "#ffffff"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
FONT_REGULAR = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
OUT = Path(__file__).resolve().parent.parent / "portal" / "static" / "img"


def globe(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float, width: int) -> None:
    """A circle, a meridian and the equator, in white."""
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=WHITE, width=width)
    draw.ellipse((cx - r * 0.45, cy - r, cx + r * 0.45, cy + r), outline=WHITE, width=width)
    draw.line((cx - r, cy, cx + r, cy), fill=WHITE, width=width)


def favicon() -> None:
    size = 256  # drawn large, scaled down by Pillow for each size in the .ico
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, size - 1, size - 1), radius=48, fill=BRAND)
    globe(draw, size / 2, size / 2, 80, 16)
    image.save(OUT / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])


def card() -> None:
    image = Image.new("RGB", (1200, 630), BRAND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 560, 1200, 630), fill=BRAND_DARK)
    globe(draw, 170, 280, 100, 14)
    draw.text((320, 200), "GFMD Portal", font=ImageFont.truetype(FONT, 110), fill=WHITE)
    subtitle = ImageFont.truetype(FONT_REGULAR, 34)
    draw.text((324, 340), "Global Forum on Migration and Development", font=subtitle, fill=WHITE)
    draw.text((324, 392), "Country records · Policies and practices", font=subtitle, fill=WHITE)
    image.save(OUT / "card.png", optimize=True)


if __name__ == "__main__":
    favicon()
    card()
