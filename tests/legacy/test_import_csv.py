"""``manage.py import_csv``: every problem reported by row and column, and then nothing written."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from portal.accounts.models import User
from portal.forum.models import Meeting, Participation, Roundtable
from portal.legacy import csv_import
from portal.practices.models import Practice

PRACTICE = {
    "title": "Diaspora bonds",
    "summary": "Bonds sold to the diaspora.",
    "countries": "MLI; SEN",
    "themes": "",
    "gcm_objectives": "19",
    "date_shared": "2022-05-01",
    "is_global": "false",
    "submitter": "Ms. Awa TRAORE",
}
PARTICIPATION = {
    "country": "SEN",
    "edition": "2010",
    "attended_summit": "true",
    "contribution_amount": "",
    "roundtable_roles": '[{"roundtable": "RT 1.1", "role": "Co-Chair", "source_text": "Co-Chair in RT 1.1"}]',
    "meeting_roles": "",
}


def csv_bytes(rows: list[dict[str, str]], header: list[str] | None = None) -> bytes:
    out = io.StringIO()
    columns = header or list(dict.fromkeys(name for row in rows for name in row))
    writer = csv.DictWriter(out, fieldnames=columns, restval="")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def run(tmp_path, kind: str, data: bytes, *extra: str) -> str:
    path = tmp_path / f"{kind}.csv"
    path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    call_command("import_csv", "--kind", kind, str(path), *extra, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def failure(tmp_path, kind: str, data: bytes) -> str:
    with pytest.raises(CommandError) as raised:
        run(tmp_path, kind, data)
    message = str(raised.value)
    assert "nothing was written" in message
    return message


@pytest.fixture
def contributor_client(client, db):
    from tests.practices.conftest import verified

    client.force_login(verified(User.objects.create_user("amina", "amina@example.org", "pw")))
    return client


@pytest.fixture
def counts(reference_data):
    def snapshot():
        return (
            Practice.objects.count(),
            Participation.objects.count(),
            Meeting.objects.count(),
            Roundtable.objects.count(),
            Practice.history.count(),
            Participation.history.count(),
        )

    return snapshot


# --- good files ---------------------------------------------------------------------------------


def test_imports_practices_as_published_with_their_codes(reference_data, tmp_path):
    output = run(tmp_path, "practices", csv_bytes([PRACTICE, {**PRACTICE, "title": "Second", "countries": "mli"}]))
    assert "created 2 practices, 1 people" in output
    practice = Practice.objects.get(title="Diaspora bonds")
    assert practice.status == Practice.Status.PUBLISHED
    assert sorted(practice.countries.values_list("iso3", flat=True)) == ["MLI", "SEN"]
    assert list(practice.gcm_objectives.values_list("number", flat=True)) == [19]
    assert practice.submitter.display_name == "Ms. Awa TRAORE"
    assert Practice.objects.get(title="Second").submitter == practice.submitter


def test_a_practice_keeps_its_language_and_translations_and_an_empty_language_means_english(reference_data, tmp_path):
    french = {**PRACTICE, "title": "Obligations", "language": "fr", "title_en": "Bonds", "summary_es": "Bonos."}
    run(tmp_path, "practices", csv_bytes([french, {**PRACTICE, "title": "Plain"}]))
    imported = Practice.objects.get(title="Obligations")
    assert (imported.language, imported.title_en, imported.summary_es) == ("fr", "Bonds", "Bonos.")
    assert Practice.objects.get(title="Plain").language == "en"  # its language cell is empty


def test_dry_run_checks_and_writes_nothing(reference_data, tmp_path):
    output = run(tmp_path, "practices", csv_bytes([PRACTICE]), "--dry-run")
    assert "1 rows are valid" in output and "Dry run: nothing was written." in output
    assert not Practice.objects.exists()


def test_undoes_the_exports_formula_guard_and_accepts_a_bom(reference_data, tmp_path):
    row = {**PRACTICE, "title": "'=SUM(A1)", "summary": "''+kept one apostrophe", "partners": "'plain apostrophe"}
    run(tmp_path, "practices", b"\xef\xbb\xbf" + csv_bytes([row]))
    practice = Practice.objects.get()
    assert practice.title == "=SUM(A1)"
    assert practice.summary == "'+kept one apostrophe"
    assert practice.partners == "'plain apostrophe"


def test_sources_may_be_plain_lines_in_a_file_made_by_hand(reference_data, tmp_path):
    run(tmp_path, "practices", csv_bytes([{**PRACTICE, "sources": "GFMD 2019 Quito\nGFMD 2020 Dubai"}]))
    assert list(Practice.objects.get().sources.values_list("text", flat=True)) == ["GFMD 2019 Quito", "GFMD 2020 Dubai"]


def test_imports_participation_creating_missing_roundtables_and_meetings(reference_data, tmp_path):
    meeting = (
        '[{"meeting": {"edition": "2010", "kind": "thematic_meeting", "title": "A new meeting", '
        '"start_date": "2010-03-01", "end_date": null, "city": "Geneva", "country": "CHE"}, '
        '"role": "Participated", "source_text": "", "source_block": null}]'
    )
    rows = [
        {**PARTICIPATION, "roundtable_roles": '[{"roundtable": "RT 9.9", "title": "Invented", "role": "Team Member"}]'},
        {**PARTICIPATION, "edition": "2011", "roundtable_roles": "", "meeting_roles": meeting},
    ]
    output = run(tmp_path, "participation", csv_bytes(rows))
    assert "created 2 participation records, 1 roundtables, 1 meetings" in output
    record = Participation.objects.get(edition__label="2010")
    assert record.attended_summit and record.source == "CSV import participation.csv" and record.imported_at
    assert record.roundtable_roles.get().roundtable.title == "Invented"
    role = Participation.objects.get(edition__label="2011").meeting_roles.get()
    assert role.meeting.title == "A new meeting" and role.meeting.country.iso3 == "CHE"
    # Its city is a text of the reference data: the French and Spanish come with it, at once.
    assert (role.meeting.city_fr, role.meeting.city_es) == ("Genève", "Ginebra")


def test_prints_progress_on_long_files(reference_data, tmp_path, monkeypatch):
    monkeypatch.setattr(csv_import, "PROGRESS_EVERY", 2)
    rows = [{**PRACTICE, "title": f"Practice {n}"} for n in range(5)]
    output = run(tmp_path, "practices", csv_bytes(rows))
    assert "practices.csv: checked 2 of 5 rows" in output
    assert "practices.csv: written 5 of 5 rows" in output


# --- files that are refused whole --------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"  \n\n", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "the file is binary (it holds NUL bytes), not CSV text"),
        (
            "title,summary\nCafé,Résumé\n".encode("latin-1"),
            "the file is not UTF-8 text (line 2 holds the byte 0xe9, at position 17)",
        ),
        (b"title,summary\n", "the file has a header but no rows"),
        (b"title,summary,colour\nA,B,red\n", "row 1, column colour: unknown column"),
        (b"title,countries\nA,MLI\n", "row 1, column summary: missing"),
        (b"title,summary,title\nA,B,C\n", "row 1, column title: named twice"),
        (b'title,summary\n"A,B\n', "the file is not valid CSV (line 2: unexpected end of data)"),
        (b"title,summary\nA\n", "row 2, column summary: This field cannot be blank."),
    ],
)
def test_refuses_files_that_are_not_a_practices_table(tmp_path, counts, data, message):
    before = counts()
    assert message in failure(tmp_path, "practices", data)
    assert counts() == before


def test_a_participation_file_is_not_a_practices_file(tmp_path, counts):
    message = failure(tmp_path, "practices", csv_bytes([PARTICIPATION]))
    assert "row 1, column country: unknown column" in message
    assert "row 1, column title: missing" in message


# --- bad rows: each problem with its row and column ----------------------------------------------


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("countries", "MLI; XYZ", "column countries: unknown country codes: XYZ"),
        ("themes", "no-such-theme", "column themes: unknown themes: no-such-theme"),
        ("gcm_objectives", "24", "column gcm_objectives: unknown GCM objectives: 24"),
        ("sdg_targets", "99.9", "column sdg_targets: unknown SDG targets: 99.9"),
        ("date_shared", "31/12/2020", "column date_shared: '31/12/2020' is not a date like 2024-05-31"),
        ("is_global", "maybe", "column is_global: 'maybe' is not true or false"),
        ("submitter_kind", "alien", "column submitter_kind: 'alien' is not a kind of submitting organisation"),
        ("title", "", "column title: This field cannot be blank."),
        ("title", "x" * 401, "column title: at most 400 characters (found 401)"),
        ("contact_email", "not an address", "column contact_email: Enter a valid email address."),
        ("status", "pending", "column status: 'pending' is not a state"),
        ("language", "de", "column language: 'de' is not a language"),
        ("title_fr", "x" * 401, "column title_fr: at most 400 characters (found 401)"),
        ("id", "-3", "column id: '-3' is not a whole number above 0"),
        ("sources", "[{", "column sources: not valid JSON"),
        ("sources", '["just text"]', "column sources: source 1 must be a JSON object"),
        ("sources", '[{"txt": "x"}]', "column sources: source 1: unknown key 'txt'"),
        ("sources", '[{"text": "x", "edition": "1999"}]', "column sources: source 1: '1999' is not the label"),
        ("sources", '[{"text": ""}]', "column sources: source 1: 'text' is missing"),
        ("title", "ctrl\x01\x02", "column title: Remove the control character U+0001 (at position 5)"),
        ("partners", "a\x1bb", "column partners: Remove the control character U+001B (at position 2)"),
        ("sources", "GFMD\x07 2010", "column sources: source 1: Remove the control character U+0007"),
        ("sources", '[{"text": "a\\u0002"}]', "column sources: source 1: 'text': Remove the control character U+0002"),
        ("sources", "x" * 401, "column sources: source 1: at most 400 characters (found 401)"),
        ("summary_es", "x\x0c", "column summary_es: Remove the control character U+000C"),
        ("contact_phone", "1" * 51, "column contact_phone: at most 50 characters (found 51)"),
        (
            "submitter",
            "Ms. " + "A" * 320 + " BRON",
            "column submitter: the first name: at most 150 characters (found 320)",
        ),
        ("submitter", "Ms. A\x01 BRON", "column submitter: Remove the control character U+0001"),
        ("id", "9223372036854775807", "column id: 9223372036854775807 is too large: an id is at most 9007199254740991"),
        ("id", "9007199254740992", "column id: 9007199254740992 is too large"),
        ("id", "9" * 5000, "column id: 9999999999"),
    ],
)
def test_each_bad_practice_cell_is_reported(tmp_path, counts, column, value, message):
    good = {**PRACTICE, "title": "Fine"}
    before = counts()
    output = failure(tmp_path, "practices", csv_bytes([good, {**PRACTICE, column: value}]))
    assert f"row 3, {message}" in output
    assert "row 2" not in output
    assert counts() == before


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("country", "ZZZ", "column country: 'ZZZ' is not an ISO3 country code"),
        ("edition", "1999", "column edition: '1999' is not the label of an edition"),
        ("attended_summit", "often", "column attended_summit: 'often' is not true or false"),
        ("contribution_amount", "a lot", "column contribution_amount: 'a lot' is not a number"),
        ("contribution_amount", "123456789012345.5", "column contribution_amount: Ensure that there are no more"),
        ("roundtable_roles", '[{"role": "Chair"}]', "column roundtable_roles: role 1: 'roundtable' is missing"),
        (
            "roundtable_roles",
            '[{"roundtable": "RT 1", "role": "Chair"}, {"roundtable": "rt 1", "role": "Chair"}]',
            "column roundtable_roles: role 2: the same role in the same roundtable is listed twice",
        ),
        ("meeting_roles", '[{"role": "Attended"}]', "column meeting_roles: role 1: 'meeting' must describe"),
        ("delegates", "Ms. A\x07", "column delegates: Remove the control character U+0007 (at position 6)"),
        ("contribution_currency", "EURO", "column contribution_currency: at most 3 characters (found 4)"),
        ("source", "s" * 301, "column source: at most 300 characters (found 301)"),
        (
            "roundtable_roles",
            '[{"roundtable": "RT 1", "role": "' + "x" * 101 + '"}]',
            "column roundtable_roles: role 1: 'role': at most 100 characters (found 101)",
        ),
        (
            "meeting_roles",
            '[{"role": "Attended", "meeting": {"edition": "2010", "kind": "summit", "title": "a\\u0001"}}]',
            "column meeting_roles: role 1, meeting: 'title': Remove the control character U+0001",
        ),
        (
            "meeting_roles",
            '[{"role": "Attended", "meeting": {"edition": "2010", "kind": "party", "title": "x"}}]',
            "column meeting_roles: role 1, meeting: 'kind' must be one of",
        ),
    ],
)
def test_each_bad_participation_cell_is_reported(tmp_path, counts, column, value, message):
    good = {**PARTICIPATION, "edition": "2009"}
    before = counts()
    output = failure(tmp_path, "participation", csv_bytes([good, {**PARTICIPATION, column: value}]))
    assert f"row 3, {message}" in output
    assert counts() == before


def test_duplicates_in_the_file_and_in_the_database_are_reported(tmp_path, mali, counts):
    rows = [
        {**PARTICIPATION, "country": "MLI", "edition": "2007"},  # Mali's page holds 2007 already
        PARTICIPATION,
        {**PARTICIPATION, "country": "sen"},
    ]
    before = counts()
    output = failure(tmp_path, "participation", csv_bytes(rows))
    assert "row 2, column edition: the database already holds this country's record for this edition" in output
    assert "row 4, column edition: row 3 is already about this country in this edition" in output
    assert counts() == before

    existing = Practice.objects.order_by("pk").first().pk
    practices = [{**PRACTICE, "id": str(existing)}, {**PRACTICE, "id": "500"}, {**PRACTICE, "id": "500"}]
    output = failure(tmp_path, "practices", csv_bytes(practices))
    assert f"row 2, column id: a practice with id {existing} exists already" in output
    assert "row 4, column id: 500 is also the id of row 3" in output
    assert counts() == before


def test_a_row_with_more_cells_than_columns(tmp_path, counts):
    data = csv_bytes([PRACTICE]) + b"A,B,C,D,E,F,G,H,I,J\n"
    assert "row 3: 10 cells, but the header names 8 columns" in failure(tmp_path, "practices", data)


def test_all_problems_of_a_file_come_in_one_report(tmp_path, counts):
    rows = [{**PRACTICE, "countries": "XXX"}, PRACTICE, {**PRACTICE, "date_shared": "soon", "is_global": "?"}]
    output = failure(tmp_path, "practices", csv_bytes(rows))
    assert "3 problems; nothing was written" in output
    assert "row 2, column countries" in output
    assert "row 4, column date_shared" in output and "row 4, column is_global" in output


# --- ids and natural keys -------------------------------------------------------------------------


def test_a_huge_id_is_refused_and_new_practices_still_get_ids(tmp_path, counts, contributor_client):
    before = counts()
    output = failure(tmp_path, "practices", csv_bytes([{**PRACTICE, "id": "9223372036854775807"}]))
    assert "row 2, column id: 9223372036854775807 is too large: an id is at most 9007199254740991" in output
    assert counts() == before
    submitted = contributor_client.post(
        "/practices/submit/", {"title": "After the import", "summary": "s", "countries": ["MLI"], "action": "submit"}
    )
    assert submitted.status_code == 302
    assert Practice.objects.get(title="After the import").pk < 2**31


def test_the_largest_id_allowed_passes_a_dry_run_which_leaves_the_sequence_alone(tmp_path, reference_data):
    output = run(tmp_path, "practices", csv_bytes([{**PRACTICE, "id": str(csv_import.MAX_ID)}]), "--dry-run")
    assert "1 rows are valid" in output
    assert Practice.objects.create(title="Next", summary="s").pk < 2**31


def test_the_same_file_without_ids_imported_twice_creates_the_practices_once(tmp_path, reference_data):
    rows = [PRACTICE, {**PRACTICE, "title": "Second", "countries": "MLI"}, {**PRACTICE, "submitter": ""}]
    first = run(tmp_path, "practices", csv_bytes(rows))
    assert "created 3 practices, 1 people." in first
    # Letter case, spaces and the order of the countries do not make another practice.
    again = [{**PRACTICE, "title": "diaspora  BONDS", "countries": "SEN; MLI"}, *rows[1:]]
    second = run(tmp_path, "practices", csv_bytes(again))
    assert "created nothing; matched 3 existing practices (left as they are)." in second
    assert Practice.objects.count() == 3
    # Another submitter, or other countries, make another practice.
    third = run(
        tmp_path, "practices", csv_bytes([{**PRACTICE, "submitter": "Mr. Other"}, {**PRACTICE, "countries": ""}])
    )
    assert "created 2 practices, 1 people." in third
    assert Practice.objects.count() == 5


def test_a_file_naming_the_same_practice_twice_without_ids_is_refused(tmp_path, counts):
    before = counts()
    output = failure(tmp_path, "practices", csv_bytes([PRACTICE, {**PRACTICE, "summary": "Other words."}]))
    assert "row 3, column title: row 2 has the same title, countries and submitter" in output
    assert counts() == before


def test_an_import_writes_the_first_history_entry_with_the_links(tmp_path, reference_data):
    run(tmp_path, "practices", csv_bytes([PRACTICE]))
    practice = Practice.objects.get()
    entry = practice.history.get()
    assert entry.history_type == "+" and entry.title == PRACTICE["title"]
    assert sorted(link.country.iso3 for link in entry.countries.all()) == ["MLI", "SEN"]


@pytest.mark.django_db(transaction=True)
def test_a_batch_the_database_refuses_takes_back_the_batches_written_before(tmp_path, counts, monkeypatch):
    """Rows are written in short transactions; if a later one fails, the earlier ones are deleted."""
    from django.contrib.auth import get_user_model
    from django.db import DatabaseError

    from portal.practices.models import PracticeSource

    monkeypatch.setattr(csv_import, "COMMIT_EVERY", 1)
    real = PracticeSource.objects.bulk_create
    calls = []

    def refuse_the_second(objects, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise DatabaseError("disk full")
        return real(objects, **kwargs)

    monkeypatch.setattr(PracticeSource.objects, "bulk_create", refuse_the_second)
    before, people = counts(), get_user_model().objects.count()
    rows = [{**PRACTICE, "title": f"Practice {n}", "sources": "GFMD 2010 – a roundtable"} for n in range(3)]
    output = failure(tmp_path, "practices", csv_bytes(rows))
    assert "could not be written: disk full" in output
    assert counts() == before
    assert get_user_model().objects.count() == people
    assert not Practice.history.exists() and not PracticeSource.objects.exists()
    assert not Practice.countries.through.objects.exists()


# --- values the fuzzer found unchecked ------------------------------------------------------------

MEETING = '{"edition": "2010", "kind": "summit", "title": "Summit"'


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            '[{"text": "x", "meeting": {"edition": "2007", "kind": [], "title": "t"}}]',
            "column sources: source 1, meeting: 'kind' must be one of concluding_debate, preparatory, summit",
        ),
        (
            '[{"text": "x", "edition": ' + "9" * 5000 + "}]",
            "column sources: not valid JSON (a number in it is too long)",
        ),
        ("[" * 100_000 + "]" * 100_000, "column sources: not valid JSON (it is nested too deeply)"),
    ],
)
def test_json_python_cannot_take_in_a_sources_cell_is_refused_by_row_and_column(tmp_path, counts, value, message):
    before = counts()
    output = failure(tmp_path, "practices", csv_bytes([{**PRACTICE, "sources": value}]))
    assert f"row 2, {message}" in output
    assert counts() == before


def test_a_meeting_kind_that_is_a_json_list_is_refused_by_row_and_column(tmp_path, counts):
    roles = '[{"role": "a", "meeting": {"edition": "2007", "kind": []}}]'
    before = counts()
    output = failure(tmp_path, "participation", csv_bytes([{**PARTICIPATION, "meeting_roles": roles}]))
    assert "row 2, column meeting_roles: role 1, meeting: 'kind' must be one of concluding_debate" in output
    assert counts() == before


@pytest.mark.parametrize("value", ["9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+05:00"])
def test_an_imported_at_outside_the_years_1_to_9999_in_utc_is_refused(tmp_path, counts, value):
    before = counts()
    output = failure(tmp_path, "participation", csv_bytes([{**PARTICIPATION, "imported_at": value}]))
    assert (
        f"row 2, column imported_at: '{value}' is out of range: in UTC it falls before year 1 or after year 9999"
        in output
    )
    assert counts() == before


@pytest.mark.parametrize("block", [str(2**64), "40000", "-1"])
def test_a_source_block_is_held_to_its_range_on_postgresql_whatever_the_database(tmp_path, counts, block):
    roles = '[{"role": "Attended", "source_block": ' + block + ', "meeting": ' + MEETING + "}}]"
    before = counts()
    output = failure(tmp_path, "participation", csv_bytes([{**PARTICIPATION, "meeting_roles": roles}]))
    assert (
        "row 2, column meeting_roles: role 1: 'source_block' must be a whole number from 0 to 32767, or null" in output
    )
    assert counts() == before


def test_a_source_block_of_32767_is_the_largest_accepted(reference_data, tmp_path):
    roles = '[{"role": "Attended", "source_block": 32767, "meeting": ' + MEETING + "}}]"
    run(tmp_path, "participation", csv_bytes([{**PARTICIPATION, "meeting_roles": roles}]))
    assert Participation.objects.get().meeting_roles.get().source_block == 32767


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("practices/" + "a" * 200 + ".png", "at most 100 characters (found 214)"),
        ("../../../../etc/passwd", "'../../../../etc/passwd' is not the name of a stored image"),
        ("practices/../../settings.py", "'practices/../../settings.py' is not the name of a stored image"),
        ("/etc/passwd", "'/etc/passwd' is not the name of a stored image, such as practices/2026/photo.png"),
        ("javascript:alert(1)", "'javascript:alert(1)' is not the name of a stored image"),
        ("https://example.org/a.png", "'https://example.org/a.png' is not the name of a stored image"),
    ],
)
def test_an_image_must_be_a_stored_media_path_as_the_exports_write_it(tmp_path, counts, value, message):
    before = counts()
    output = failure(tmp_path, "practices", csv_bytes([{**PRACTICE, "image": value}]))
    assert f"row 2, column image: {message}" in output
    assert counts() == before


def test_an_image_named_as_the_exports_write_it_is_kept(reference_data, tmp_path):
    run(tmp_path, "practices", csv_bytes([{**PRACTICE, "image": "practices/2026/x.png"}]))
    assert Practice.objects.get().image.name == "practices/2026/x.png"


def test_a_title_of_spaces_is_blank(tmp_path, counts):
    before = counts()
    output = failure(tmp_path, "practices", csv_bytes([{**PRACTICE, "title": "   "}]))
    assert "row 2, column title: This field cannot be blank." in output
    assert counts() == before


def test_a_meeting_that_ends_before_it_starts_is_refused(tmp_path, counts):
    meeting = MEETING + ', "start_date": "2013-09-12", "end_date": "2013-09-11"}'
    before = counts()
    output = failure(
        tmp_path, "practices", csv_bytes([{**PRACTICE, "sources": f'[{{"text": "x", "meeting": {meeting}}}]'}])
    )
    assert (
        "row 2, column sources: source 1, meeting: the span ends before it starts: 2013-09-12 to 2013-09-11" in output
    )
    assert counts() == before


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("imported_at", "9999-12-31T23:59:59-05:00", "'9999-12-31T23:59:59-05:00' is out of range"),
        (
            "meeting_roles",
            '[{"role": "A", "source_block": 65536, "meeting": ' + MEETING + "}}]",
            "role 1: 'source_block'",
        ),
    ],
)
def test_a_bad_value_after_the_first_batch_is_refused_before_any_batch_is_written(
    tmp_path, counts, monkeypatch, column, value, message
):
    monkeypatch.setattr(csv_import, "COMMIT_EVERY", 2)
    rows = [{**PARTICIPATION, "edition": edition} for edition in ("2007", "2008", "2009", "2010")]
    rows[3][column] = value
    before = counts()
    output = failure(tmp_path, "participation", csv_bytes(rows))
    assert f"row 5, column {column}: {message}" in output
    assert counts() == before


@pytest.mark.django_db(transaction=True)
def test_any_error_while_writing_takes_back_the_batches_written_before(tmp_path, counts, monkeypatch):
    """Not only a database error: whatever stops a later batch, the earlier ones are deleted."""
    from portal.forum.models import RoundtableRole

    monkeypatch.setattr(csv_import, "COMMIT_EVERY", 1)
    real = RoundtableRole.objects.bulk_create
    calls = []

    def fail_the_second(objects, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise OverflowError("Python int too large to convert to SQLite INTEGER")
        return real(objects, **kwargs)

    monkeypatch.setattr(RoundtableRole.objects, "bulk_create", fail_the_second)
    before = counts()
    rows = [{**PARTICIPATION, "edition": edition} for edition in ("2008", "2009", "2010")]
    output = failure(tmp_path, "participation", csv_bytes(rows))
    assert "could not be written: OverflowError: Python int too large to convert to SQLite INTEGER" in output
    assert counts() == before
    assert not RoundtableRole.objects.exists()
