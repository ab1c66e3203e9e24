"""A meeting, a summit or a chairmanship cannot end before it starts, whichever path writes it: the
admin and the API refuse it beside the last day, with the first day named, and nothing is saved."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from portal.forum.models import Edition, Meeting

MESSAGE = "This date is before the start date (2019-12-10)."


@pytest.fixture
def meeting(reference_data):
    return Meeting.objects.create(
        edition=Edition.objects.get(label="2019"),
        kind=Meeting.Kind.THEMATIC_MEETING,
        title="A meeting on labour mobility",
        start_date=datetime.date(2019, 12, 10),
        end_date=datetime.date(2019, 12, 11),
    )


def admin_form(client, path: str, inlines: tuple[str, ...] = ()) -> dict:
    """What the change page would post back, as it was loaded."""
    form = client.get(path).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {name: "" if value is None else value for name, value in data.items()}
    for prefix in inlines:
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return data


def test_the_admin_refuses_a_meeting_that_ends_before_it_starts(admin_client, meeting):
    path = reverse("admin:forum_meeting_change", args=[meeting.pk])
    data = admin_form(admin_client, path) | {"end_date": "2019-12-09", "title": "Renamed"}
    page = admin_client.post(path, data)
    assert page.status_code == 200
    assert page.context["adminform"].form.errors["end_date"] == [MESSAGE]
    meeting.refresh_from_db()
    assert (meeting.end_date, meeting.title) == (datetime.date(2019, 12, 11), "A meeting on labour mobility")


def test_the_admin_accepts_a_one_day_meeting_and_an_open_end(admin_client, meeting):
    path = reverse("admin:forum_meeting_change", args=[meeting.pk])
    for end in ("2019-12-10", ""):
        assert admin_client.post(path, admin_form(admin_client, path) | {"end_date": end}).status_code == 302
        meeting.refresh_from_db()
        assert meeting.end_date == (datetime.date(2019, 12, 10) if end else None)


def test_the_admin_refuses_a_summit_that_ends_before_it_starts(admin_client, meeting):
    edition = meeting.edition
    before = (edition.summit_start, edition.summit_end)
    path = reverse("admin:forum_edition_change", args=[edition.pk])
    data = admin_form(admin_client, path, inlines=("meetings", "roundtables"))
    data |= {"summit_start": "2019-12-10", "summit_end": "2019-12-01"}
    page = admin_client.post(path, data)
    assert page.status_code == 200
    assert page.context["adminform"].form.errors["summit_end"] == [MESSAGE]
    edition.refresh_from_db()
    assert (edition.summit_start, edition.summit_end) == before


def test_the_api_refuses_a_meeting_that_ends_before_it_starts(editor_api, meeting):
    response = editor_api.patch(f"/api/v1/meetings/{meeting.pk}/", {"end_date": "2019-12-01"}, format="json")
    assert response.status_code == 400
    assert MESSAGE in str(response.json())
    meeting.refresh_from_db()
    assert meeting.end_date == datetime.date(2019, 12, 11)


def test_the_api_refuses_a_chairmanship_that_ends_before_it_starts(editor_api, reference_data):
    edition = Edition.objects.get(label="2019")
    before = (edition.chair_start, edition.chair_end)
    response = editor_api.patch(
        "/api/v1/editions/2019/", {"chair_start": "2019-12-10", "chair_end": "2019-01-01"}, format="json"
    )
    assert response.status_code == 400
    assert MESSAGE in str(response.json())
    edition.refresh_from_db()
    assert (edition.chair_start, edition.chair_end) == before


def test_every_span_of_the_reference_data_is_in_order(reference_data):
    for record in [*Edition.objects.all(), *Meeting.objects.all()]:
        try:
            record.clean()
        except ValidationError as error:  # pragma: no cover - the failure's message
            pytest.fail(f"{record}: {error}")
