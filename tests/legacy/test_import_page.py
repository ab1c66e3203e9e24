"""The page importer: the seed, other pages' variations, and every kind of bad input."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from portal.accounts.models import User
from portal.core.translations import column
from portal.countries.models import Country, ExternalResource
from portal.forum.models import Meeting, MeetingRole, Participation, Roundtable, RoundtableRole
from portal.forum.reference_data import TRANSLATED_REFERENCE_FIELDS, TRANSLATION_LANGUAGES, TRANSLATIONS
from portal.practices.models import Practice
from tests.conftest import SEED

RECORDS = [User, Country, ExternalResource, Meeting, MeetingRole, Participation, Roundtable, RoundtableRole, Practice]


def snapshot() -> dict[str, object]:
    """Everything the importer may write, to compare before and after."""
    counts = {model.__name__: model.objects.count() for model in RECORDS}
    country = {c.iso3: (c.latitude, c.longitude, c.background) for c in Country.objects.all()}
    return {"counts": counts, "countries": country}


def run_import(path, *args) -> str:
    out = io.StringIO()
    call_command("import_page", str(path), *args, stdout=out)
    return out.getvalue()


def import_fails(path, *args) -> str:
    before = snapshot()
    with pytest.raises(CommandError) as failure:
        run_import(path, *args)
    assert snapshot() == before, "a refused page must write nothing"
    return str(failure.value)


SEED_TEXT = SEED.read_text(encoding="utf-8")


def write(tmp_path, text: str | bytes, name: str = "page.txt"):
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# --- the seed --------------------------------------------------------------------------------


def test_seed_import_report_names_the_amedip_pair_and_the_two_misplaced_meetings(reference_data):
    report = run_import(SEED)
    assert "Country: Mali (MLI)" in report
    assert "Participation blocks read as editions 2007 to 2019" in report
    assert "12 participation records" in report and "8 practices" in report
    doubtful = report.split("Doubtful (3):")[1]
    assert (
        "'Strengthening African and Middle Eastern Diaspora Policy through South-South Exchange (AMEDIP)'" in doubtful
    )
    assert "Ms. Laurence BRON" in doubtful and "Mr. Dário Muhamudo" in doubtful
    assert (
        "(11 September 2013) belongs to 2013-2014 by its date, but the page shows it in block 8 (2014-2015)" in doubtful
    )
    assert "(18 April 2018) belongs to 2018 by its date, but the page shows it in block 12 (2019)" in doubtful


def test_seed_records_participation_roles_and_contribution(mali):
    first = Participation.objects.get(country=mali, edition__label="2007")
    assert first.attended_meeting and not first.attended_summit
    assert first.financial_contribution == "Mali offered financial and human resources to the GFMD 2007 Budget."
    assert first.contribution_amount is None
    assert [(r.role, r.roundtable.code) for r in first.roundtable_roles.all()] == [("Team Member", "RT 2.4")]
    record_2018 = Participation.objects.get(country=mali, edition__label="2018")
    assert sorted(r.roundtable.code for r in record_2018.roundtable_roles.all()) == ["RT 1.1", "RT 2.1", "RT 2.2"]
    assert {r.role for r in record_2018.roundtable_roles.all()} == {"Government Team Member"}
    record_2019 = Participation.objects.get(country=mali, edition__label="2019")
    assert record_2019.attended_summit and not record_2019.financial_recorded and not record_2019.roundtables_recorded
    assert Participation.objects.get(country=mali, edition__label="2009").financial_recorded


def test_seed_practices_keep_submitters_and_have_no_invented_date(mali):
    practices = Practice.objects.filter(countries=mali)
    assert practices.count() == 8
    assert set(practices.values_list("date_shared", flat=True)) == {None}
    assert set(practices.values_list("status", flat=True)) == {"published"}
    bron = User.objects.get(last_name="BRON")
    assert (bron.salutation, bron.first_name, bron.display_name) == ("Ms.", "Laurence", "Ms. Laurence BRON")
    assert not bron.has_usable_password()
    assert practices.filter(title__contains="AMEDIP").count() == 2
    forum = practices.get(title="Malian Diaspora Forum")
    assert "• the organisation and the management of the diaspora" in forum.summary


def test_seed_resource_and_background_are_kept(mali):
    resource = ExternalResource.objects.get(countries=mali)
    assert resource.text.startswith("The MTM Interactive Map on Migration (i-Map)")
    assert resource.text.count("\n\n") == 2
    assert mali.background.startswith("Mali is a landlocked country in the Sahel")


def test_second_import_changes_nothing(mali):
    before = snapshot()
    report = run_import(SEED)
    assert snapshot() == before
    assert "Created: nothing" in report


def test_dry_run_prints_the_structure_and_writes_nothing(reference_data):
    before = snapshot()
    out = run_import(SEED, "--dry-run")
    assert snapshot() == before
    assert "Official name: Republic of Mali" in out
    assert "Participation blocks: 12" in out
    assert "  block 1 (line 8): attended meeting" in out
    assert (
        "line 164: Strengthening African and Middle Eastern Diaspora Policy through South-South Exchange (AMEDIP) "
        "(submitted by Mr. Dário Muhamudo)" in out
    )
    assert "Dry run: nothing was written." in out


def test_an_editors_correction_survives_a_new_import(mali):
    record = Participation.objects.get(country=mali, edition__label="2009")
    record.attended_summit = False
    record.save()
    report = run_import(SEED)
    record.refresh_from_db()
    assert record.attended_summit is False
    assert "2009: the record differs from the page in attended_summit; the record was kept" in report


# --- other pages' variations -------------------------------------------------------------------

VARIANT = """Official Name: Georgia
ISO2 Code: GE
ISO3 Code: GEO
Longitude
42 00 N
Latitude
43 30 E
POINT (43.3 42)
Attended Meeting
Financial Contribution:
  • USD 50,000 to the GFMD budget
RT Participation:
  • Co-Chair in RT1.2. "A first title"
  • Team Member in Roundtable 3 “A third title”
Attended Summit
Delegate
Mr. Someone
Financial Contribution
No Financial Contribution
RT Participation
Team Member in Cluster III "Tools for evidence-based migration and development policies"
Attended Prep Meetings
Thematic Meetings
- Co-chair in Thematic Meeting on "A meeting of 2009" on 5-6 March 2009 in Tbilisi, Georgia
Financial Contribution
None
RT Participation
No Participation

Subscribe to Georgia
"""


def test_variant_page_with_colons_swapped_labels_bullets_and_codes_is_read(reference_data):
    report = run_import(write_tmp(VARIANT), "--country", "GEO")
    georgia = Country.objects.get(iso3="GEO")
    assert (georgia.latitude, georgia.longitude) == (42, 43.5)
    assert "the page's point 'POINT (43.3 42)' writes the minutes of '42 00 N', '43 30 E' as decimals" in report
    first = Participation.objects.get(country=georgia, edition__label="2007")
    assert (first.contribution_amount, first.contribution_currency) == (50000, "USD")
    assert sorted((r.role, r.roundtable.code) for r in first.roundtable_roles.all()) == [
        ("Co-Chair", "RT 1.2"),
        ("Team Member", "RT 3"),
    ]
    second = Participation.objects.get(country=georgia, edition__label="2008")
    assert second.delegates == "Mr. Someone" and second.attended_summit
    assert second.roundtable_roles.get().roundtable.code == "Cluster III"
    third = Participation.objects.get(country=georgia, edition__label="2009")
    assert third.financial_recorded and third.financial_contribution == ""
    meeting = MeetingRole.objects.get(participation=third)
    assert (meeting.role, meeting.meeting.city, meeting.meeting.country.iso3) == ("Co-chair", "Tbilisi", "GEO")
    assert str(meeting.meeting.start_date) == "2009-03-05" and str(meeting.meeting.end_date) == "2009-03-06"


_tmp_counter = iter(range(10_000))


def write_tmp(text: str):
    import tempfile
    from pathlib import Path

    directory = Path(tempfile.mkdtemp())
    return write(directory, text, f"page{next(_tmp_counter)}.txt")


def test_roundtable_missing_from_reference_data_is_created_from_the_page(reference_data):
    run_import(write_tmp(VARIANT), "--country", "GEO")
    created = Roundtable.objects.get(edition__label="2007", code="RT 1.2")
    assert created.session_title == "A first title"
    assert created.title == "Human capital development and labour mobility"


def test_first_edition_option_shifts_the_blocks(reference_data):
    report = run_import(write_tmp(VARIANT), "--country", "GEO", "--first-edition", "2012")
    assert "Participation blocks read as editions 2012 to 2014-2015" in report


# --- bad input: each with its message, and nothing written -------------------------------------


def test_empty_file_is_refused(reference_data, tmp_path):
    message = import_fails(write(tmp_path, ""))
    assert message.endswith(
        "page.txt: page.txt is empty: expected the text of a country page, starting with 'Official Name'. "
        "Nothing was written."
    )


def test_binary_file_is_refused(reference_data, tmp_path):
    message = import_fails(write(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
    assert "page.txt is binary, not text (a PNG image): expected the UTF-8 text of a country page" in message


def test_non_utf8_text_is_refused_with_the_offending_byte(reference_data, tmp_path):
    message = import_fails(write(tmp_path, "Official Name\nRépublique du Mali\n".encode("latin-1")))
    assert "line 2: page.txt is not UTF-8 text: byte 0xE9 at offset 15 cannot be decoded" in message


def test_file_cut_off_after_a_label_is_refused(reference_data, tmp_path):
    cut = SEED_TEXT[: SEED_TEXT.index("No Financial Contribution", 500)]
    message = import_fails(write(tmp_path, cut))
    assert "'Financial Contribution' of participation block" in message
    assert "has no value (the file may be cut off here)" in message


def test_file_cut_off_between_two_parts_of_a_block_is_refused(reference_data, tmp_path):
    cut = SEED_TEXT[: SEED_TEXT.index("RT Participation", 500)]
    message = import_fails(write(tmp_path, cut))
    assert "has 'Financial Contribution' but no 'RT Participation' (the file may be cut off here)" in message


def test_file_cut_off_after_attendance_is_refused(reference_data, tmp_path):
    cut = SEED_TEXT[: SEED_TEXT.index("Financial Contribution", 500)]
    message = import_fails(write(tmp_path, cut))
    assert "has no closing 'Subscribe to …' line: it seems cut off" in message


def test_unreadable_roundtable_line_is_kept_as_written_with_its_line_number(reference_data, tmp_path):
    bad = SEED_TEXT.replace('Team Member in RT 2.4 "Working', 'Team Member somewhere near "Working')
    report = run_import(write(tmp_path, bad))
    assert 'line 12: not a roundtable role (such as: Team Member in RT 2.4 "title"); kept as written' in report
    record = Participation.objects.get(country__iso3="MLI", edition__label="2007")
    assert record.notes_of("roundtables") == ['Team Member somewhere near "Working with the diaspora for development"']
    assert not record.roundtable_roles.exists() and record.roundtables_recorded


def test_roundtable_line_with_extra_words_is_kept_as_written(reference_data, tmp_path):
    bad = SEED_TEXT.replace('RT 2.4 "Working with the diaspora for development"', 'RT 2.4 "Working" and many others')
    report = run_import(write(tmp_path, bad))
    assert (
        "line 12: a roundtable line with words that are not roundtables: 'and many others'; kept as written" in report
    )
    record = Participation.objects.get(country__iso3="MLI", edition__label="2007")
    assert record.notes_of("roundtables") == ['Team Member in RT 2.4 "Working" and many others']


def test_oversized_file_is_refused_before_it_is_read(reference_data, tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    message = import_fails(path)
    assert "huge.txt is 52,428,800 bytes; a country page is at most 2,097,152 bytes (IMPORT_PAGE_MAX_BYTES)" in message


def test_text_that_is_not_a_country_page_is_refused(reference_data, tmp_path):
    message = import_fails(write(tmp_path, "Dear colleagues,\nplease find attached.\n"))
    assert (
        "line 1: expected the header of a country page ('Official Name', 'ISO2 Code', …), found 'Dear colleagues,'"
        in message
    )


def test_unknown_country_name_asks_for_a_code_and_names_the_closest(reference_data, tmp_path):
    text = SEED_TEXT.replace("Republic of Mali", "Republic of Malli").replace("Subscribe to Mali", "Subscribe to Malli")
    message = import_fails(write(tmp_path, text))
    assert "no country is named 'Republic of Malli': give its code with --country ISO3; the closest are Mali (MLI)" in (
        message
    )


def test_an_unknown_official_name_is_kept_when_the_closing_line_names_the_country(reference_data, tmp_path):
    report = run_import(write(tmp_path, SEED_TEXT.replace("Republic of Mali", "Republic of Nowhere")))
    assert "Country: Mali (MLI)" in report
    assert (
        "line 2: the page's official name 'Republic of Nowhere' differs from the record's 'Republic of Mali'" in report
    )
    assert Country.objects.get(iso3="MLI").source_note_lines == ["Republic of Nowhere"]


def test_country_option_that_contradicts_the_page_is_refused(reference_data):
    message = import_fails(write_tmp(VARIANT), "--country", "MLI")
    assert "--country MLI is Mali, but the page's ISO2 code is GE" in message


def test_unreadable_meeting_date_keeps_the_line_as_written(reference_data, tmp_path):
    bad = SEED_TEXT.replace("on 11 September 2013 in Geneva", "on 31 Septober 2013 in Geneva")
    report = run_import(write(tmp_path, bad))
    assert (
        "line 73: cannot read the meeting's date: unknown month 'Septober' in '31 Septober 2013'; kept as written"
        in report
    )
    record = Participation.objects.get(country__iso3="MLI", edition__label="2014-2015")
    assert record.notes_of("meetings")[0].endswith("on 31 Septober 2013 in Geneva, Switzerland")


def test_import_without_reference_data_says_what_to_run(db):
    message = import_fails(SEED)
    assert "the database has no countries yet: run 'manage.py load_reference_data' first" in message


def test_a_failure_late_in_the_page_rolls_back_everything_before_it(reference_data, tmp_path):
    # The page is read fully before anything is written, so break the database step instead:
    # a page with more blocks than there are editions fails after the country was found.
    blocks = "Attended Summit\nFinancial Contribution\nNone\nRT Participation\nNo Participation\n" * 16
    message = import_fails(write(tmp_path, "Official Name\nRepublic of Mali\n" + blocks + "Subscribe to Mali\n"))
    assert "the page has 16 participation blocks, but only 15 editions are known from 2007 on" in message


def test_file_cut_off_inside_its_practices_is_refused(reference_data, tmp_path):
    cut = SEED_TEXT[: SEED_TEXT.index("The Economic Community Of West African States")]
    message = import_fails(write(tmp_path, cut))
    assert "line 152: the file has no closing 'Subscribe to …' line: it seems cut off after line 152" in message


# --- translations of the rows the pages create ---------------------------------------------------


def test_roundtables_and_meetings_the_pages_create_get_their_reference_french_and_spanish(reference_data):
    """`make demo` loads the reference data, then imports the pages: the rows the pages create are
    translated at once, not only by a second `load_reference_data`."""
    rows_before = Roundtable.objects.count() + Meeting.objects.count()
    call_command("import_pages", str(SEED), "tests/data/pages", stdout=io.StringIO())
    assert Roundtable.objects.count() + Meeting.objects.count() > rows_before  # the pages created some
    untranslated = [
        (model.__name__, row.pk, name, language)
        for model, fields in TRANSLATED_REFERENCE_FIELDS
        if model in (Roundtable, Meeting)
        for row in model._default_manager.all()
        for name in fields
        if getattr(row, name) in TRANSLATIONS
        for language in TRANSLATION_LANGUAGES
        if not getattr(row, column(name, language))
    ]
    assert untranslated == []
    out = io.StringIO()
    call_command("load_reference_data", stdout=out)
    assert "French and Spanish texts of editions, meetings and roundtables: 0 created" in out.getvalue()


# --- found by fuzzing the real pages ------------------------------------------------------------


@pytest.mark.parametrize("point", ["POINT (-4 99999999999999999999999999999999)", "POINT (999 17)"])
def test_a_point_beyond_the_globe_is_kept_as_written_and_the_page_imported(reference_data, tmp_path, point):
    path = write(tmp_path, SEED_TEXT.replace("POINT (-4 17)", point, 1))
    output = run_import(path)
    assert "Imported page.txt." in output
    assert "cannot read the point: " in output and (
        "latitude beyond 90°" in output or "longitude beyond 180°" in output
    )
    assert point in Country.objects.get(iso3="MLI").source_notes


def test_a_folder_named_like_a_page_is_refused_not_a_traceback(reference_data, tmp_path):
    (tmp_path / "folder.txt").mkdir()
    message = import_fails(tmp_path / "folder.txt")
    assert message.endswith("folder.txt is a folder or a special file, not a page. Nothing was written.")


def test_a_utf16_page_is_refused_as_utf16_not_as_binary(reference_data, tmp_path):
    message = import_fails(write(tmp_path, SEED_TEXT.encode("utf-16")))
    assert "page.txt is UTF-16 text: save the page as UTF-8 and try again" in message


def test_one_page_that_breaks_the_importer_does_not_stop_the_others(reference_data, tmp_path, monkeypatch):
    """A defect of the importer on one page: that page is reported as refused, with nothing written for
    it, and the pages after it are imported (as the command promises)."""
    from portal.legacy.management.commands import import_pages as command

    (tmp_path / "a-broken.txt").write_text(SEED_TEXT, encoding="utf-8")
    (tmp_path / "b-mali.txt").write_text(SEED_TEXT, encoding="utf-8")
    real = command.import_page

    def breaks_on_the_first(page, source, **options):
        if source.endswith("a-broken.txt"):
            raise ZeroDivisionError("a defect")
        return real(page, source=source, **options)

    monkeypatch.setattr(command, "import_page", breaks_on_the_first)
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 of 2 pages were refused; the others were imported"):
        call_command("import_pages", str(tmp_path), stdout=out)
    assert "a-broken.txt: refused: the importer failed on this page (ZeroDivisionError: a defect)" in out.getvalue()
    assert Participation.objects.filter(country__iso3="MLI").exists()


def offering(text: str) -> str:
    """The seed page with the text of its 2007 financial contribution replaced."""
    line = next(line for line in SEED_TEXT.splitlines() if "Mali offered financial" in line)
    return SEED_TEXT.replace(line, f"  • {text}", 1)


@pytest.mark.parametrize("amount", ["USD 1,000,000,000,000", "EUR 1.005"])
def test_an_amount_the_record_cannot_hold_leaves_the_text_as_written(reference_data, tmp_path, amount):
    path = write(tmp_path, offering(f"Mali offered {amount} to the GFMD 2007 Budget."))
    assert "Imported page.txt." in run_import(path)
    first = Participation.objects.get(country__iso3="MLI", edition__label="2007")
    assert f"Mali offered {amount} to the GFMD 2007 Budget." in first.financial_contribution
    assert first.contribution_amount is None


def test_an_amount_that_fits_is_still_read(reference_data, tmp_path):
    run_import(write(tmp_path, offering("Mali offered USD 50,000 to the GFMD 2007 Budget.")))
    first = Participation.objects.get(country__iso3="MLI", edition__label="2007")
    assert (first.contribution_amount, first.contribution_currency) == (50000, "USD")


def test_invisible_formatting_characters_do_not_hide_a_heading(reference_data, tmp_path):
    """A byte-order mark or direction marks left inside headings (copied from a word processor): the
    headings are still read, and the page imports as the clean one does."""
    marked = SEED_TEXT.replace("Financial Contribution", "\ufeffFinancial Contribution", 1)
    marked = marked.replace("RT Participation", "\u202eRT Participation\u202c", 1)
    output = run_import(write(tmp_path, marked))
    assert "Imported page.txt." in output
    first = Participation.objects.get(country__iso3="MLI", edition__label="2007")
    assert "Mali offered financial and human resources" in first.financial_contribution
    assert first.roundtables_recorded
    assert RoundtableRole.objects.filter(participation=first).exists()
