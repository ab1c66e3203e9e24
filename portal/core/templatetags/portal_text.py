from django import template

from portal.lib.text import blocks

register = template.Library()


@register.inclusion_tag("core/_paragraphs.html")
def paragraphs(text: str) -> dict[str, object]:
    """``{% paragraphs text %}``: plain text as escaped paragraphs and bullet lists."""
    return {"blocks": blocks(text or ""), "marked": False}
