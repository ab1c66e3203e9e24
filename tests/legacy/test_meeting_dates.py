"""A page's date for a thematic meeting already on record: the record's dates are kept, and where they
differ from the page's the import reports it (once, however often the page is imported)."""

import datetime

from portal.forum.models import Meeting, MeetingRole
from portal.legacy.models import ImportDoubt
from portal.legacy.pagetext import DoubtKind
from tests.conftest import SEED
from tests.legacy.test_import_page import run_import, write

TITLE = "Recruitment, labour migration and diaspora: Improving labour market complementarities"
ON_RECORD = " on 11 September 2013 in Geneva"


def mali_with(date: str) -> str:
    text = SEED.read_text(encoding="utf-8")
    assert text.count(ON_RECORD) == 1
    return text.replace(ON_RECORD, f" on {date} in Geneva")


def line_of(text: str, wanted: str) -> int:
    return next(number for number, line in enumerate(text.split("\n"), 1) if wanted in line)


def the_meeting() -> Meeting:
    return Meeting.objects.get(title__startswith=TITLE)


def test_a_meeting_dated_otherwise_on_the_page_is_a_doubt_and_the_record_keeps_its_dates(reference_data, tmp_path):
    text = mali_with("12-13 September 2013")
    path = write(tmp_path, text)
    report = run_import(path, "--country", "MLI")
    line = line_of(text, TITLE)
    doubts = list(ImportDoubt.objects.filter(country__iso3="MLI", kind=DoubtKind.DIFFERS, line=line))
    assert len(doubts) == 1
    reason = doubts[0].reason
    assert "the page dates it 12-13 September 2013, the record 11 September 2013" in reason
    assert TITLE in reason and doubts[0].text.startswith("Participated in Thematic Meeting")
    assert f"line {line}: " in report and "the page dates it 12-13 September 2013" in report
    meeting = the_meeting()
    assert (meeting.start_date, meeting.end_date) == (datetime.date(2013, 9, 11), datetime.date(2013, 9, 11))
    assert MeetingRole.objects.filter(meeting=meeting, participation__country__iso3="MLI").count() == 1

    stored = ImportDoubt.objects.filter(country__iso3="MLI").count()
    run_import(path, "--country", "MLI")  # the same page again: the doubt is known, not stored twice
    assert ImportDoubt.objects.filter(country__iso3="MLI").count() == stored
    assert (the_meeting().start_date, the_meeting().end_date) == (datetime.date(2013, 9, 11),) * 2


def test_a_meeting_dated_alike_on_the_page_is_no_doubt(mali):
    assert the_meeting().start_date == datetime.date(2013, 9, 11)
    assert not [doubt for doubt in ImportDoubt.objects.filter(country=mali) if "dates it" in doubt.reason]


def test_an_undated_meeting_on_record_stays_undated_and_is_no_doubt(reference_data, tmp_path):
    Meeting.objects.filter(pk=the_meeting().pk).update(start_date=None, end_date=None)
    run_import(write(tmp_path, mali_with("12 September 2013")), "--country", "MLI")
    assert (the_meeting().start_date, the_meeting().end_date) == (None, None)
    assert not ImportDoubt.objects.filter(country__iso3="MLI", reason__contains="dates it").exists()
