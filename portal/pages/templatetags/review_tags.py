"""The editors' "Review" bar in the header: what waits for them, with counts, and their tools.

Only for editors (three COUNT queries); nothing at all is asked of the database for anyone else. It
lives in ``pages`` because it reads three apps (practices, forum, legacy)."""

from django import template
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils.translation import gettext

from portal.accounts.models import User
from portal.accounts.roles import is_editor
from portal.forum.models import CorrectionProposal
from portal.legacy.models import ImportDoubt
from portal.practices.models import Practice

register = template.Library()


@register.simple_tag
def review_items(user: User | AnonymousUser) -> list[dict]:
    """Each list an editor works through: its label, how many entries wait, its address."""
    if not (user.is_authenticated and user.is_staff and is_editor(user)):
        return []
    return [
        {
            "label": gettext("Practices waiting"),
            "count": Practice.objects.awaiting_moderation().count(),
            "url": reverse("practices:queue"),
        },
        {
            "label": gettext("Corrections waiting"),
            "count": CorrectionProposal.objects.filter(state=CorrectionProposal.State.PENDING).count(),
            "url": reverse("forum:corrections"),
        },
        {
            "label": gettext("Import doubts"),
            "count": ImportDoubt.objects.filter(settled_at__isnull=True).count(),
            "url": reverse("admin:legacy_importdoubt_changelist") + "?settled=no",
        },
    ]
