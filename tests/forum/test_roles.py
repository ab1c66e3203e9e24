"""Participation records fetched with their roles (``Participation.objects.with_roles()``)."""

import datetime

import pytest

from portal.countries.models import Country
from portal.forum.models import Edition, Meeting, MeetingRole, Participation, Roundtable, RoundtableRole


@pytest.fixture
def records(db):
    """Two countries' records in one edition, with roles entered out of order."""
    mali = Country.objects.create(iso2="ML", iso3="MLI", name="Mali")
    france = Country.objects.create(iso2="FR", iso3="FRA", name="France")
    edition = Edition.objects.create(ordinal=7, label="2013-2014")
    late = Roundtable.objects.create(edition=edition, code="RT 3.1")
    early = Roundtable.objects.create(edition=edition, code="RT 1.2")
    undated = Meeting.objects.create(edition=edition, kind=Meeting.Kind.THEMATIC_MEETING, title="Undated")
    summer = Meeting.objects.create(
        edition=edition, kind=Meeting.Kind.THEMATIC_MEETING, title="Summer", start_date=datetime.date(2013, 6, 1)
    )
    spring = Meeting.objects.create(
        edition=edition, kind=Meeting.Kind.THEMATIC_MEETING, title="Spring", start_date=datetime.date(2013, 3, 1)
    )
    malian = Participation.objects.create(country=mali, edition=edition)
    french = Participation.objects.create(country=france, edition=edition)
    RoundtableRole.objects.create(participation=malian, roundtable=late, role="Team Member")
    RoundtableRole.objects.create(participation=malian, roundtable=early, role="Co-Chair")
    RoundtableRole.objects.create(participation=french, roundtable=early, role="Team Member")
    for meeting in (undated, summer, spring):
        MeetingRole.objects.create(participation=malian, meeting=meeting, role="Participated")
    return malian, french


def test_with_roles_gives_each_record_its_own_roles_in_display_order(records):
    malian, french = records
    fetched = {record.pk: record for record in Participation.objects.order_by().with_roles()}
    mali, france = fetched[malian.pk], fetched[french.pk]
    assert [(role.roundtable.code, role.role) for role in mali.roundtable_role_list] == [
        ("RT 1.2", "Co-Chair"),
        ("RT 3.1", "Team Member"),
    ]
    assert [role.role for role in france.roundtable_role_list] == ["Team Member"]
    # By date, the undated meeting last on both databases (SQL puts NULL first on SQLite, last on PostgreSQL).
    assert [role.meeting.title for role in mali.meeting_role_list] == ["Spring", "Summer", "Undated"]
    assert france.meeting_role_list == []


def test_with_roles_takes_three_queries_and_none_for_the_roles_of_no_record(records, django_assert_num_queries):
    with django_assert_num_queries(3):
        fetched = Participation.objects.order_by().with_roles()
        for record in fetched:
            for role in record.roundtable_role_list:
                assert role.roundtable.code
            for role in record.meeting_role_list:
                assert role.meeting.title
    with django_assert_num_queries(1):
        assert Participation.objects.filter(country__iso3="XXX").with_roles() == []
