import datetime

import pytest
from allauth.account.models import EmailAddress

from portal.accounts.models import User
from portal.countries.models import Country
from portal.practices.models import Practice


@pytest.fixture
def contributor(db):
    """A signed-up user whose e-mail address is verified: may submit practices."""
    user = User.objects.create_user("ana", "ana@example.org", "pw", first_name="Ana", last_name="RUIZ")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def dated_practice(mali):
    """A published practice of Mali's, shared on a known day."""
    practice = Practice.objects.create(
        title="Remittance bonds",
        summary="Bonds for the diaspora.",
        status=Practice.Status.PUBLISHED,
        date_shared=datetime.date(2012, 10, 5),
    )
    practice.countries.add(Country.objects.get(iso3="MLI"))
    return practice
