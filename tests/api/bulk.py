"""Many rows quickly, for the tests that compare query counts at 10 and 1,000 rows."""

import datetime

from portal.countries.models import Country
from portal.forum.models import Edition, Meeting, MeetingRole, Participation, Roundtable, RoundtableRole
from portal.practices.models import GCMObjective, Practice, PracticeSource, SDGTarget, Theme


def make_practices(n: int, start: int = 0, *, status: str = Practice.Status.PUBLISHED) -> list[Practice]:
    practices = Practice.objects.bulk_create(
        Practice(
            title=f"Practice {i}",
            summary=f"Summary {i}",
            status=status,
            date_shared=datetime.date(2020, 1, 1) + datetime.timedelta(days=i % 300),
        )
        for i in range(start, start + n)
    )
    countries = list(Country.objects.order_by("pk")[:3])
    theme = Theme.objects.order_by("pk").first()
    objective = GCMObjective.objects.order_by("pk").first()
    target = SDGTarget.objects.order_by("pk").first()
    edition = Edition.objects.order_by("pk").first()
    Practice.countries.through.objects.bulk_create(
        Practice.countries.through(practice_id=p.pk, country_id=c.pk) for p in practices for c in countries
    )
    Practice.themes.through.objects.bulk_create(
        Practice.themes.through(practice_id=p.pk, theme_id=theme.pk) for p in practices
    )
    Practice.gcm_objectives.through.objects.bulk_create(
        Practice.gcm_objectives.through(practice_id=p.pk, gcmobjective_id=objective.pk) for p in practices
    )
    Practice.sdg_targets.through.objects.bulk_create(
        Practice.sdg_targets.through(practice_id=p.pk, sdgtarget_id=target.pk) for p in practices
    )
    PracticeSource.objects.bulk_create(PracticeSource(practice=p, text="A source", edition=edition) for p in practices)
    return practices


def make_participation(n: int, start: int = 0) -> list[Participation]:
    editions = list(Edition.objects.order_by("ordinal"))
    countries = list(Country.objects.order_by("pk"))
    pairs = [(country, edition) for country in countries for edition in editions][start : start + n]
    assert len(pairs) == n, "not enough countries and editions for that many records"
    records = Participation.objects.bulk_create(
        Participation(country=country, edition=edition, attended_summit=True, delegates="Secret delegate")
        for country, edition in pairs
    )
    roundtables = {rt.edition_id: rt for rt in Roundtable.objects.order_by("pk")}
    meetings = {meeting.edition_id: meeting for meeting in Meeting.objects.order_by("pk")}
    RoundtableRole.objects.bulk_create(
        RoundtableRole(participation=r, roundtable=roundtables[r.edition_id], role="Team Member")
        for r in records
        if r.edition_id in roundtables
    )
    MeetingRole.objects.bulk_create(
        MeetingRole(participation=r, meeting=meetings[r.edition_id], role="Attended")
        for r in records
        if r.edition_id in meetings
    )
    return records
