"""``{% cached_url "name" arg … %}``: the ``{% url %}`` tag for addresses that every page repeats
(the header, the footer), remembered per language (see ``portal.core.reversing``)."""

from django import template

from portal.core.reversing import cached_reverse

register = template.Library()


@register.simple_tag
def cached_url(viewname: str, *args: str | int) -> str:
    return cached_reverse(viewname, *args)
