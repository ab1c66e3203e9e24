"""Who may do what. Every view, form, admin action and API endpoint asks these functions.

- contributor: any signed-in user with a verified e-mail address; submits practices;
- focal point: assigned to countries by an editor (User.focal_point_for); proposes corrections;
- editor: staff in the "Editors" group (or with the same permissions); moderates and edits the record;
- admin: superuser; everything, including roles.
"""

from typing import TypeGuard

from allauth.account.models import EmailAddress
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth.models import AnonymousUser
from django.db.models import Model

from .models import User

EDITORS_GROUP = "Editors"
# What editors may do in the admin: the record (countries, editions, participation), the practices and
# their taxonomies. Accounts and roles stay with the administrators.
EDITOR_MODELS = {
    "countries": ["country", "externalresource"],
    "forum": [
        "edition",
        "meeting",
        "roundtable",
        "participation",
        "roundtablerole",
        "meetingrole",
        "correctionproposal",
    ],
    "practices": ["practice", "practicesource", "theme", "gcmobjective", "sdgtarget"],
    "legacy": ["importdoubt"],  # the import review
}


def ensure_editors_group() -> bool:
    """Create the Editors group with its permissions if it is missing; True when it was created."""
    from django.contrib.auth.models import Group, Permission

    group, created = Group.objects.get_or_create(name=EDITORS_GROUP)
    if created:
        codenames = [
            f"{action}_{model}"
            for models in EDITOR_MODELS.values()
            for model in models
            for action in ("add", "change", "delete", "view")
        ]
        group.permissions.set(
            Permission.objects.filter(content_type__app_label__in=EDITOR_MODELS, codename__in=codenames)
        )
    return created


def is_editor(user: User | AnonymousUser) -> bool:
    return bool(
        user.is_authenticated and user.is_active and user.is_staff and user.has_perm("practices.change_practice")
    )


def needs_second_factor(user: User | AnonymousUser) -> bool:
    """True for staff (editors, admins) who have not turned on an authenticator app: they may do nothing
    else until they do. Asked on every way in: the browser (RequireMFAForStaffMiddleware) and the API
    (portal.api.permissions.SecondFactorForStaff), tokens included."""
    return bool(
        user.is_authenticated and (user.is_staff or user.is_superuser) and not is_mfa_enabled(user, types=["totp"])
    )


def is_admin(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def is_contributor(user: User | AnonymousUser) -> TypeGuard[User]:
    """A signed-in person whose e-mail address is verified (staff count as verified: an admin created them).
    True tells the type checker the user is signed in."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_staff or EmailAddress.objects.filter(user=user, verified=True).exists()


def can_submit_practices(user: User | AnonymousUser) -> bool:
    return is_contributor(user)


def is_focal_point_for(user: User | AnonymousUser, country: Model) -> bool:
    """Whether ``user`` may propose corrections to ``country``'s record (a Country: accounts imports no app)."""
    return bool(is_contributor(user) and user.focal_point_for.filter(pk=country.pk).exists())
