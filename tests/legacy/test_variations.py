"""Small pages, one per kind of variation of the old portal's pages: each line is understood, corrected
with a doubt, or kept as written with a doubt, and the page is never refused for it."""

import io

import pytest
from django.core.management import call_command

from portal.accounts.models import User
from portal.countries.models import Country
from portal.forum.models import MeetingRole, Participation, RoundtableRole
from portal.legacy.models import ImportDoubt
from portal.practices.models import Practice

HEADER = "Official Name\nRepublic of Mali\nISO2 Code\nISO3 Code\n17 00 N\n4 00 W\nPOINT (-4 17)\n"
CLOSING = "\nSubscribe to Mali\n"
RT_24 = 'RT 2.4 "Working with the diaspora for development"'  # as the reference data has it


def block(roundtables: str = "No Participation", financial: str = "No Financial Contribution", extra: str = "") -> str:
    return f"Attended Summit\n{extra}Financial Contribution\n\n{financial}\n\nRT Participation\n{roundtables}\n"


def import_text(tmp_path, text: str, *args) -> str:
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command("import_page", str(path), *args, stdout=out)
    return out.getvalue()


def first_record() -> Participation:
    return Participation.objects.get(country__iso3="MLI", edition__label="2007")


def doubts() -> list[tuple[int, str]]:
    return list(ImportDoubt.objects.order_by("line").values_list("line", "kind"))


def test_a_label_with_no_value_is_kept_as_written_and_its_part_left_unrecorded(reference_data, tmp_path):
    page = HEADER + "Attended Meeting\nDelegate\nFinancial Contribution\n\n\nRT Participation\nNo Participation\n"
    report = import_text(tmp_path, page + CLOSING)
    assert "line 9: 'Delegate' has no value" in report and "line 10: 'Financial Contribution' has no value" in report
    record = first_record()
    assert not record.financial_recorded and record.delegates == ""
    assert record.source_notes == [
        {"part": "delegates", "text": "Delegate"},
        {"part": "financial", "text": "Financial Contribution"},
    ]
    assert doubts() == [(9, "empty_label"), (10, "empty_label")]


def test_codes_with_a_closing_dot_and_quoted_titles_are_understood(reference_data, tmp_path):
    page = HEADER + block('  • Team Member in RT 1.2. "A title" \n  • Chair in ' + RT_24)
    import_text(tmp_path, page + CLOSING)
    roles = sorted((role.role, role.roundtable.code) for role in RoundtableRole.objects.all())
    assert roles == [("Chair", "RT 2.4"), ("Team Member", "RT 1.2")]
    assert doubts() == []


def test_a_doubled_dot_in_a_code_is_corrected_and_reported(reference_data, tmp_path):
    report = import_text(tmp_path, HEADER + block('Team Member in RT 1..2 "A title"') + CLOSING)
    assert "line 14: code 'RT 1..2' read as 'RT 1.2'; read as corrected" in report
    assert RoundtableRole.objects.get().roundtable.code == "RT 1.2"
    assert doubts() == [(14, "corrected")]


def test_a_missing_dot_in_a_code_is_corrected_when_the_edition_has_the_dotted_one(reference_data, tmp_path):
    report = import_text(
        tmp_path, HEADER + block('Team Member in RT 24 "Working with the diaspora for development"') + CLOSING
    )
    assert "line 14: 2007 has no RT 24: read as RT 2.4 (a missing dot); recorded under RT 2.4" in report
    assert RoundtableRole.objects.get().roundtable.code == "RT 2.4"
    doubt = ImportDoubt.objects.get()
    assert (doubt.line, doubt.kind, doubt.participation) == (14, "corrected", first_record())


def test_an_unclosed_quote_is_read_to_the_end_of_the_line_and_reported(reference_data, tmp_path):
    import_text(tmp_path, HEADER + block('Team Member in RT 1.2. "A title that never ends') + CLOSING)
    role = RoundtableRole.objects.get()
    assert role.roundtable.code == "RT 1.2"
    assert role.source_text == 'Team Member in RT 1.2. "A title that never ends'
    assert doubts() == [(14, "corrected")]


@pytest.mark.parametrize(
    ("line", "role", "code"),
    [
        ('Team Member in Cluster II "Tools"', "Team Member", "Cluster II"),
        ('Co-Chair in RT 2.1 "Title"', "Co-Chair", "RT 2.1"),
        ('Co- Chair in RT 2.1 "Title"', "Co-Chair", "RT 2.1"),
        ('Dr. A B, Director, was Chair/ Moderator in RT 1.3 : "Title"', "Chair/ Moderator", "RT 1.3"),
        ('Ms. C D was the General Rapporteur of the RT 1.1 "Title".', "General Rapporteur", "RT 1.1"),
        ('Rapporteur in Roundtable 3 "Title"', "Rapporteur", "RT 3"),
    ],
)
def test_other_sessions_and_roles_are_understood(reference_data, tmp_path, line, role, code):
    import_text(tmp_path, HEADER + block(line) + CLOSING)
    found = RoundtableRole.objects.get()
    assert (found.role, found.roundtable.code, found.source_text) == (role, code, line)


@pytest.mark.parametrize("verb", ["Participated in", "Attended", "Co-Chair in", "Organised the"])
def test_other_verbs_for_thematic_meetings_are_understood(reference_data, tmp_path, verb):
    meeting = f'- {verb} Thematic Meeting on "A meeting" on 13-14 October 2007 in Istanbul, Turkey.'
    import_text(tmp_path, HEADER + block(extra=f"Thematic Meetings\n{meeting}\n") + CLOSING)
    role = MeetingRole.objects.get()
    assert role.meeting.title == "A meeting" and role.meeting.country.iso3 == "TUR"
    assert str(role.meeting.start_date) == "2007-10-13"
    assert not role.participation.source_notes


def test_a_free_sentence_where_a_role_was_expected_is_kept_as_written(client, reference_data, tmp_path):
    sentence = "Mali hosted the First GFMD Summit Meeting 9-11 July 2007"
    report = import_text(tmp_path, HEADER + block(f"  • {sentence}\n  • Chair in {RT_24}") + CLOSING)
    assert "line 14: not a roundtable role" in report
    record = first_record()
    assert record.notes_of("roundtables") == [sentence]
    assert record.roundtable_roles.count() == 1
    html = client.get("/countries/mli/").content.decode()
    assert f'<li dir="auto">{sentence}</li>' in html
    assert doubts() == [(14, "verbatim")]


def test_a_block_whose_only_roundtable_line_is_kept_does_not_say_no_participation(client, reference_data, tmp_path):
    import_text(tmp_path, HEADER + block("Business Roundtable") + CLOSING)
    html = client.get("/countries/mli/").content.decode()
    section = html.split('id="edition-2007"')[1].split("</section>")[0]
    assert "Business Roundtable" in section and "No Participation" not in section


def test_text_outside_any_part_of_a_block_is_kept_in_the_block(reference_data, tmp_path):
    page = HEADER + "Attended Summit\nSomething the old site wrote here\n" + block()[len("Attended Summit\n") :]
    import_text(tmp_path, page + CLOSING)
    assert first_record().other_notes == ["Something the old site wrote here"]
    assert doubts() == [(9, "verbatim")]


def test_a_page_with_no_official_name_is_found_by_its_closing_line(reference_data, tmp_path):
    page = "Official Name\nISO2 Code\nISO3 Code\n" + block() + "\nSubscribe to Ivory Coast\n"
    report = import_text(tmp_path, page)
    assert "Country: Côte d'Ivoire (CIV)" in report
    assert doubts() == [(12, "differs")]  # the closing line's old name, kept as written on the profile
    assert Country.objects.get(iso3="CIV").source_note_lines == ["Subscribe to Ivory Coast"]


@pytest.mark.parametrize(
    ("name", "iso3"),
    [("Turkey", "TUR"), ("Türkiye", "TUR"), ("turkiye", "TUR"), ("Viet Nam", "VNM"), ("Vietnam", "VNM")]
    + [("Swaziland", "SWZ"), ("Burma", "MMR"), ("Czech Republic", "CZE"), ("COTE D'IVOIRE", "CIV"), ("ml", "MLI")],
)
def test_countries_are_found_by_codes_and_common_and_former_names(reference_data, name, iso3):
    assert Country.objects.find(name).iso3 == iso3


def test_control_characters_are_removed_and_reported(reference_data, tmp_path):
    page = HEADER.replace("Republic of Mali", "Republic\x07 of Mali") + block("Team\x1b Member in " + RT_24)
    report = import_text(tmp_path, page + CLOSING)
    assert "line 2: control characters (U+0007) in the line; removed" in report
    assert RoundtableRole.objects.get().source_text == "Team Member in " + RT_24
    assert doubts() == [(2, "corrected"), (14, "corrected")]


def test_values_over_a_field_limit_never_reach_the_database(reference_data, tmp_path):
    long_role = "Team Member " * 10
    long_title = "A" * 450
    long_name = "Z" * 200
    page = HEADER + block(f'{long_role}in RT 2.4 "T"\nChair in RT 2.5 "{long_title}"')
    page += f"\nA practice\n\nSubmitted by Ms. Ann {long_name} on\n\nWhat it does.\n"
    report = import_text(tmp_path, page + CLOSING)
    assert "the role is longer than 100 characters; kept as written" in report
    assert "a roundtable code or title over its limit; kept as written" in report
    assert "the submitter's last name is longer than 150 characters; shortened" in report
    assert not RoundtableRole.objects.exists()
    assert first_record().notes_of("roundtables") == [
        f'{long_role.strip()} in RT 2.4 "T"',
        f'Chair in RT 2.5 "{long_title}"',
    ]
    assert User.objects.get(first_name="Ann").last_name == "Z" * 150
    assert Practice.objects.get().title == "A practice"


def test_swapped_coordinate_labels_are_read_by_their_letters(reference_data, tmp_path):
    page = "Official Name\nGeorgia\nLongitude\n42 00 N\nLatitude\n43 30 E\nGeolocation\nPOINT (43.5 42)\n"
    report = import_text(tmp_path, page + block() + "\nSubscribe to Georgia\n")
    georgia = Country.objects.get(iso3="GEO")
    assert (georgia.latitude, georgia.longitude) == (42, 43.5)
    assert "line 4: the coordinate labels are swapped ('42 00 N' is a latitude, '43 30 E' is a longitude" in report
    assert doubts() == [(4, "corrected")]


def test_minutes_written_as_decimals_in_the_point_are_corrected_and_reported(client, reference_data, tmp_path):
    page = "Official Name\nGeorgia\n42 00 N\n43 30 E\nPOINT (43.3 42)\n"
    report = import_text(tmp_path, page + block() + "\nSubscribe to Georgia\n")
    georgia = Country.objects.get(iso3="GEO")
    assert georgia.longitude == 43.5 and georgia.wkt == "POINT (43.5 42)"
    assert (
        "line 5: the page's point 'POINT (43.3 42)' writes the minutes of '42 00 N', '43 30 E' as decimals "
        "(a bug of the old site): the point is POINT (43.5 42)" in report
    )
    assert doubts() == [(5, "corrected")]
    html = client.get("/countries/geo/").content.decode()
    assert "<code>POINT (43.5 42)</code>" in html and '<li dir="auto">POINT (43.3 42)</li>' in html


def test_an_unreadable_header_line_is_kept_on_the_country(reference_data, tmp_path):
    page = HEADER.replace("ISO2 Code\n", "ISO2 Code\nMLX1\nA note somebody left\n")
    import_text(tmp_path, page + block() + CLOSING)
    assert Country.objects.get(iso3="MLI").source_note_lines == ["MLX1", "A note somebody left"]
    assert doubts() == [(4, "verbatim"), (5, "verbatim")]
