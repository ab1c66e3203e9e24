"""Imports that cannot fool the record: a re-import finds what it wrote, completes what was cut short,
writes nothing when nothing is new, and a page that contradicts itself about its country is refused."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.countries.models import Country
from portal.forum.models import Participation
from portal.legacy.models import ImportDoubt
from portal.practices.models import Practice
from tests.conftest import SEED

SEED_TEXT = SEED.read_text(encoding="utf-8")
PAGES = "tests/data/pages"
LAST_SUMMARY = "'Strengthening African and Middle Eastern Diaspora Policy through South-South Exchange' (AMEDIP) is"


def row_counts() -> dict[str, int]:
    """The number of rows of every table of the database, history tables included."""
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - table names
            counts[table] = cursor.fetchone()[0]
    return counts


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("page", [str(SEED), f"{PAGES}/turkey.txt", f"{PAGES}/georgia.txt"])
def test_a_reimport_that_changes_nothing_writes_no_row_at_all(reference_data, page):
    run("import_page", page)
    before = row_counts()
    with CaptureQueriesContext(connection) as queries:
        report = run("import_page", page)
    assert row_counts() == before
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []
    assert "Created: nothing" in report


def test_the_batch_run_twice_changes_nothing_the_second_time(reference_data):
    run("import_pages", str(SEED), PAGES)
    before = row_counts()
    out = run("import_pages", str(SEED), PAGES)
    assert row_counts() == before
    assert "mali.txt           Mali (MLI)             12        0" in out


def test_a_page_cut_inside_its_practices_then_imported_whole_completes_the_cut_practice(reference_data, tmp_path):
    cut_at = SEED_TEXT.index(LAST_SUMMARY) + len(LAST_SUMMARY)
    cut = SEED_TEXT[:cut_at] + "\n\nSubscribe to Mali\n"
    run("import_page", str(write(tmp_path, "mali-cut.txt", cut)))
    mali = Country.objects.get(iso3="MLI")
    last = Practice.objects.filter(countries=mali, submitter__last_name="Muhamudo", title__contains="AMEDIP").get()
    assert last.summary.endswith("(AMEDIP) is")
    history = last.history.count()

    report = run("import_page", str(SEED))
    assert Practice.objects.filter(countries=mali).count() == 8
    last.refresh_from_db()
    assert last.summary.startswith(LAST_SUMMARY) and last.summary.endswith("in the period 2009 - 2010.")
    assert "was imported before with its summary cut short; its summary was completed from this page" in report
    assert last.history.count() == history + 1
    doubt = ImportDoubt.objects.get(kind="corrected", practice=last)
    assert doubt.line == 164


def test_a_page_cut_shorter_than_the_record_keeps_the_record(reference_data, tmp_path):
    run("import_page", str(SEED))
    cut_at = SEED_TEXT.index(LAST_SUMMARY) + len(LAST_SUMMARY)
    report = run("import_page", str(write(tmp_path, "mali-cut.txt", SEED_TEXT[:cut_at] + "\n\nSubscribe to Mali\n")))
    assert Practice.objects.filter(countries__iso3="MLI").count() == 8
    assert "the page seems cut short; the record's whole summary kept" in report


def test_a_changed_summary_at_the_same_place_keeps_the_record_and_says_so(reference_data, tmp_path):
    run("import_page", str(SEED))
    changed = SEED_TEXT.replace(
        "The Centre for Migration Management and Information (CIGEM - Centre", "CIGEM, the Centre"
    )
    report = run("import_page", str(write(tmp_path, "mali.txt", changed)))
    assert Practice.objects.filter(countries__iso3="MLI").count() == 8
    assert "(practice 7 of the page, by the same submitter) differs from the record's; the record kept" in report


def test_a_changed_title_at_the_same_place_by_the_same_submitter_is_the_same_practice(reference_data, tmp_path):
    run("import_page", str(SEED))
    changed = SEED_TEXT.replace("Malian Diaspora Forum\n", "The Malian Diaspora Forum (2003)\n")
    report = run("import_page", str(write(tmp_path, "mali.txt", changed)))
    assert Practice.objects.filter(countries__iso3="MLI").count() == 8
    assert Practice.objects.filter(title="Malian Diaspora Forum").exists()
    assert "the title and summary of 'The Malian Diaspora Forum (2003)' (practice 4 of the page" in report


def refused(*args) -> str:
    before = row_counts()
    with pytest.raises(CommandError) as failure:
        run("import_page", *args)
    assert row_counts() == before, "a refused page must write nothing"
    return str(failure.value)


def test_a_page_whose_closing_line_names_another_country_is_refused_naming_both(reference_data, tmp_path):
    path = write(tmp_path, "page.txt", SEED_TEXT.replace("Subscribe to Mali", "Subscribe to Senegal"))
    message = refused(str(path))
    assert (
        "the page contradicts itself about its country: its official name 'Republic of Mali' is Mali (MLI), "
        "its closing line 'Subscribe to Senegal' is Senegal (SEN); give --country ISO3 to say which" in message
    )
    assert message.endswith("Nothing was written.")


def test_a_page_whose_coordinates_are_another_countrys_is_refused(reference_data, tmp_path):
    text = SEED_TEXT.replace("17 00 N\n4 00 W\nPOINT (-4 17)", "62 00 N\n15 00 E\nPOINT (15 62)")
    message = refused(str(write(tmp_path, "page.txt", text)))
    assert "it names Mali (MLI), but its coordinates (POINT (15 62)) are those of Sweden (SWE)" in message


def test_country_option_settles_a_page_that_contradicts_itself(reference_data, tmp_path):
    path = write(tmp_path, "page.txt", SEED_TEXT.replace("Subscribe to Mali", "Subscribe to Senegal"))
    report = run("import_page", str(path), "--country", "MLI")
    assert (
        "the page's closing line 'Subscribe to Senegal' names Senegal; imported into Mali, as --country MLI says"
        in (report)
    )
    assert Participation.objects.filter(country__iso3="MLI").count() == 12
    assert not Participation.objects.filter(country__iso3="SEN").exists()


def test_a_batch_imports_the_good_pages_when_one_is_refused(reference_data, tmp_path):
    for name in ("ghana.txt", "sweden.txt"):
        (tmp_path / name).write_text((SEED.parent / "pages" / name).read_text(encoding="utf-8"), encoding="utf-8")
    write(tmp_path, "broken.txt", SEED_TEXT[: SEED_TEXT.index("Financial Contribution", 500)])
    report = tmp_path / "doubts.csv"
    out = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_pages", str(tmp_path), "--report", str(report), stdout=out)
    assert str(failure.value) == "1 of 3 pages were refused; the others were imported"
    assert "[1/3] broken.txt: refused: line 32: the file ends inside participation block 4" in out.getvalue()
    assert "[2/3] ghana.txt: Ghana (GHA), 5 blocks" in out.getvalue()
    assert Participation.objects.filter(country__iso3__in=["GHA", "SWE"]).count() == 11
    assert not Participation.objects.filter(country__iso3="MLI").exists()
    rows = report.read_text(encoding="utf-8").splitlines()
    assert rows[0] == "page,country,line,text,kind,reason,what was done"
    assert rows[1].startswith("broken.txt,,,,refused,line 32: the file ends inside participation block 4")


def test_the_batch_report_lists_every_doubt_with_its_line(reference_data, tmp_path):
    report = tmp_path / "doubts.csv"
    run("import_pages", f"{PAGES}/turkey.txt", f"{PAGES}/belgium.txt", "--report", str(report))
    rows = report.read_text(encoding="utf-8").splitlines()
    assert len(rows) == 1 + 10 + 3
    assert 'turkey.txt,TUR,65,Business Roundtable,verbatim,"not a roundtable role' in report.read_text()


def test_a_dry_run_batch_writes_nothing(reference_data):
    before = row_counts()
    out = run("import_pages", PAGES, "--dry-run")
    assert row_counts() == before
    assert "Dry run: nothing was written." in out


def test_country_option_of_a_batch_names_one_page_only(reference_data):
    before = row_counts()
    with pytest.raises(CommandError) as failure:
        run("import_pages", PAGES, "--country", "MLI")
    assert str(failure.value) == "--country names the country of one page: give one file with it"
    assert row_counts() == before
