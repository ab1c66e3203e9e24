from django import template
from django.utils.safestring import SafeString

from portal.lib.text import paragraphs_html

register = template.Library()


@register.filter
def paragraphs(text: str) -> SafeString:
    """Show plain text as escaped paragraphs and bullet lists."""
    return paragraphs_html(text or "")
