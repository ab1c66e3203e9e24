"""Builders for the objects unit tests need, without the page importer.

Plain functions: each makes one object with sensible defaults, and any field can be given. Countries,
editions and taxonomies come from the reference data (the ``reference_data`` fixture), which the
builders look up rather than invent, so that tests see the real GFMD names.
"""

import itertools
from collections.abc import Iterable

from django.contrib.auth.models import Group

from portal.accounts.models import User
from portal.countries.models import Country
from portal.forum.models import Edition, Participation
from portal.practices.models import Practice, Theme

_numbers = itertools.count(1)


def user(username: str = "", *, editor: bool = False, **fields) -> User:
    """A user; an editor is staff in the Editors group (the reference data creates the group)."""
    username = username or f"user{next(_numbers)}"
    fields.setdefault("email", f"{username}@example.org")
    made = User.objects.create_user(username, password="pw", is_staff=editor or fields.pop("is_staff", False), **fields)
    if editor:
        made.groups.add(Group.objects.get(name="Editors"))
    return User.objects.get(pk=made.pk)  # fresh: no cached permissions


def country(iso3: str = "MLI") -> Country:
    return Country.objects.get(iso3=iso3)


def edition(label: str = "2019") -> Edition:
    return Edition.objects.get(label=label)


def participation(of: Country | str = "MLI", in_edition: Edition | str = "2019", **fields) -> Participation:
    """A country's record for an edition; by default it attended the summit."""
    fields.setdefault("attended_summit", True)
    return Participation.objects.create(
        country=of if isinstance(of, Country) else country(of),
        edition=in_edition if isinstance(in_edition, Edition) else edition(in_edition),
        **fields,
    )


def practice(
    title: str = "",
    *,
    status: str = Practice.Status.PUBLISHED,
    countries: Iterable[Country | str] = ("MLI",),
    themes: Iterable[Theme | str] = (),
    **fields,
) -> Practice:
    """A practice in the given state (published by default), linked to countries and themes (by ISO3 code
    or slug, or as objects)."""
    number = next(_numbers)
    title = title or f"Practice {number}"
    fields.setdefault("summary", f"What practice {number} does.")
    made = Practice.objects.create(title=title, status=status, **fields)
    made.countries.set([item if isinstance(item, Country) else country(item) for item in countries])
    made.themes.set([item if isinstance(item, Theme) else Theme.objects.get(slug=item) for item in themes])
    return made
