"""Real pages changed as a fuzzer changed them: a page many times longer, a stray NUL, a heading written
twice, a misspelt label. Each still imports, every line of it is on the profile, and what is odd is a doubt."""

import re
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.countries.models import Country
from portal.forum.models import Participation, RoundtableRole
from portal.legacy.models import ImportDoubt
from portal.legacy.pagetext import _section_of
from tests.conftest import SEED
from tests.legacy.test_every_line import count_in, page_lines, profile_lines
from tests.legacy.test_import_page import import_fails, run_import, write

PAGES = Path(__file__).parent.parent / "data" / "pages"
SENEGAL = (PAGES / "senegal.txt").read_text(encoding="utf-8")
PHILIPPINES = (PAGES / "philippines.txt").read_text(encoding="utf-8")
MALI = SEED.read_text(encoding="utf-8")


def every_line_is_on_the_profile(client, path: Path, iso3: str) -> None:
    profile = profile_lines(client.get(Country.objects.get(iso3=iso3).get_absolute_url()).content.decode())
    missing = {line: count for line, count in page_lines(path).items() if count_in(profile, line) != count}
    assert missing == {}


def doubts(iso3: str) -> list[tuple[int, str, str]]:
    return [
        (doubt.line, doubt.kind, doubt.reason)
        for doubt in ImportDoubt.objects.filter(country__iso3=iso3).order_by("line", "id")
    ]


def records(iso3: str) -> list[tuple]:
    """Each edition's record as the page gave it: what was attended, the contribution, the roundtable roles."""
    return [
        (
            record.edition.label,
            record.attended_meeting,
            record.attended_prep_meetings,
            record.attended_summit,
            record.financial_contribution,
            sorted((role.roundtable.code, role.role) for role in record.roundtable_roles.all()),
        )
        for record in Participation.objects.filter(country__iso3=iso3).order_by("edition__ordinal")
    ]


def nth_line(text: str, wanted: str, n: int) -> int:
    """The index (0-based) of the n-th line (1-based) that is ``wanted``."""
    return [i for i, line in enumerate(text.split("\n")) if line == wanted][n - 1]


def with_line_repeated(text: str, index: int) -> str:
    lines = text.split("\n")
    return "\n".join([*lines[: index + 1], lines[index], *lines[index + 1 :]])


# --- a page many times longer -----------------------------------------------------------------------


def long_page(lines: int) -> str:
    """The Philippines page with ``lines`` roundtable lines in its block, each naming another session,
    and ``lines`` thematic meetings of its own, each another meeting."""
    head, label, _ = PHILIPPINES.partition("RT Participation\n")
    roundtables = [f'  • Team Member in RT {n // 10 + 1}.{n % 10 + 1} "Session {n}"' for n in range(lines)]
    meetings = [f'- Participated in Thematic Meeting on "Meeting number {n}" in Manila' for n in range(lines)]
    block = head.replace(
        "Financial Contribution", "Thematic Meetings\n" + "\n".join(meetings) + "\nFinancial Contribution"
    )
    return block + label + "\n".join(roundtables) + "\n\nSubscribe to Philippines\n"


def reads(path: Path) -> Counter:
    """The queries reading roundtables, meetings and practices while the page is imported."""
    with CaptureQueriesContext(connection) as queries:
        run_import(path)
    found: Counter = Counter()
    for query in queries.captured_queries:
        table = re.search(r'^SELECT .*? FROM "(forum_roundtable|forum_meeting|practices_practice)"', query["sql"])
        if table:
            found[table[1]] += 1
    return found


def test_a_long_page_reads_its_roundtables_and_meetings_once_not_once_per_line(reference_data, tmp_path):
    """Each line once looked its roundtable or meeting up in the database, among all those the page had
    created before it: a page ten times longer took a hundred times as long."""
    short = reads(write(tmp_path, long_page(5), "short.txt"))
    Participation.objects.all().delete()
    longer = reads(write(tmp_path, long_page(60), "long.txt"))
    assert RoundtableRole.objects.count() == 60
    assert longer == short


def test_a_page_with_many_practices_reads_the_submitters_practices_once(reference_data, tmp_path):
    practices = "".join(
        f"Practice number {n}\n\nSubmitted by Ms. Awa TRAORE on\n\nWhat practice {n} does.\n\n" for n in range(30)
    )
    head, _, closing = PHILIPPINES.partition("\nSubscribe to")
    path = write(tmp_path, f"{head}\n{practices}\n\nSubscribe to{closing}")
    first = reads(path)
    again = reads(path)  # a re-import matches each practice with the ones the first wrote
    assert first["practices_practice"] <= 2 and again["practices_practice"] <= 2
    assert "30 practices" in run_import(path).split("Matched:")[1]


# --- control characters -----------------------------------------------------------------------------


def test_a_page_with_a_few_nul_characters_imports_with_those_lines_cleaned_and_reported(
    client, reference_data, tmp_path
):
    text = MALI.replace("Republic of Mali", "Republic of\x00 Mali").replace('in RT 2.4 "', 'in RT 2.4\x00\x00 "')
    report = run_import(write(tmp_path, text))
    assert "Country: Mali (MLI)" in report
    assert "line 2: control characters (U+0000) in the line; removed; the rest of the line was read" in report
    role = RoundtableRole.objects.get(participation__edition__label="2007")
    assert role.source_text == 'Team Member in RT 2.4 "Working with the diaspora for development"'
    assert [(line, kind) for line, kind, _ in doubts("MLI")][:2] == [(2, "corrected"), (12, "corrected")]
    every_line_is_on_the_profile(client, SEED, "MLI")


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
        (b"PK\x03\x04\x14\x00\x00\x00Official Name\n", "a zip archive"),
        (MALI.encode("utf-16-le"), "control bytes in 15,872, the first 0x00 at offset 1"),
        (MALI.encode()[:400] + b"\x00" * 8 + b"\x01\x02" * 20, "48 control bytes in 448, the first 0x00 at offset 400"),
    ],
    ids=["png", "zip", "utf-16 without its mark", "many NULs"],
)
def test_a_file_that_is_really_binary_is_still_refused(reference_data, tmp_path, data, why):
    message = import_fails(write(tmp_path, data))
    assert "page.txt is binary, not text (" in message and why in message
    assert "): expected the UTF-8 text of a country page" in message


# --- a heading written twice ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wanted", "n", "why"),
    [
        ("Attended Summit", 3, "again, before any part, in participation block 4 (which begins at line 33)"),
        ("Attended Prep Meetings", 3, "again, before any part, in participation block 4 (which begins at line 33)"),
        ("Financial Contribution", 4, "again, right after the same label, in participation block 4"),
        ("RT Participation", 2, "again, right after the same label, in participation block 2"),
    ],
)
def test_a_heading_written_twice_is_reported_and_does_not_move_the_blocks_after_it(
    client, reference_data, tmp_path, wanted, n, why
):
    run_import(PAGES / "senegal.txt")
    clean = records("SEN")
    Participation.objects.all().delete()
    ImportDoubt.objects.all().delete()
    index = nth_line(SENEGAL, wanted, n)
    path = write(tmp_path, with_line_repeated(SENEGAL, index))
    report = run_import(path)
    assert records("SEN") == clean
    repeated = [(line, kind) for line, kind, reason in doubts("SEN") if why in reason]
    assert repeated == [(index + 2, "duplicate")]
    assert f"line {index + 2}: '{wanted}' {why}" in report
    every_line_is_on_the_profile(client, path, "SEN")


def test_a_block_that_begins_without_an_attended_heading_is_reported(reference_data, tmp_path):
    """A part written twice with its value ('RT Participation' and its line again) cannot be told from a
    block of its own: it is read as one, and the doubt says the blocks after it may be an edition late."""
    lines = SENEGAL.split("\n")
    index = nth_line(SENEGAL, "RT Participation", 1)
    text = "\n".join([*lines[: index + 2], *lines[index : index + 2], *lines[index + 2 :]])
    report = run_import(write(tmp_path, text))
    assert (
        f"line {index + 3}: participation block 2 begins with 'RT Participation', not with an 'Attended …' heading"
        in report
    )


# --- a misspelt label -------------------------------------------------------------------------------


def test_a_label_misspelt_by_one_letter_is_read_as_the_label_and_reported(client, reference_data, tmp_path):
    index = nth_line(SENEGAL, "RT Participation", 2)
    lines = SENEGAL.split("\n")
    lines[index] = "RT Particpation"
    path = write(tmp_path, "\n".join(lines))
    report = run_import(path)
    assert f"line {index + 1}: 'RT Particpation' read as the label 'RT Participation' (a misspelling)" in report
    record = Participation.objects.get(country__iso3="SEN", edition__label="2008")
    assert record.financial_contribution == "" and record.roundtables_recorded
    assert [role.roundtable.code for role in record.roundtable_roles.all()] == ["RT 3.1"]
    # The profile names the part as the label does; the line as written is the doubt's.
    every_line_is_on_the_profile(client, PAGES / "senegal.txt", "SEN")


def test_a_label_too_misspelt_to_be_read_is_reported_not_swallowed(reference_data, tmp_path):
    index = nth_line(SENEGAL, "RT Participation", 3)
    lines = SENEGAL.split("\n")
    lines[index] = "RT Partcpaton"
    report = run_import(write(tmp_path, "\n".join(lines)))
    assert (
        f"line {index + 1}: 'RT Partcpaton' looks like the label 'RT Participation' misspelt, but is too far from "
        "it to be read as one; read as part of the financial contribution"
    ) in report


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("RT Particpation", ("roundtables", "")),
        ("Finacial Contribution:", ("financial", "")),
        ("Attended Sumit", ("summit", "")),
        ("Roundtable Partcipation: none", ("roundtables", "none")),
        ("No Financial Contribution", None),
        ("No Participation", None),
        ("No RT Participation", None),
        ("Delegated", None),
        ("Financial contributions.", None),
    ],
)
def test_a_label_is_read_with_one_slip_and_a_value_close_to_a_label_is_not(text, read):
    assert _section_of(text) == read
