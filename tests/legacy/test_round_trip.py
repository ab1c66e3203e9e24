"""Export everything, import it into an empty database, export again: the files are identical."""

import datetime
import io

import pytest
from django.core.management import call_command

from portal.accounts.models import User
from portal.countries.models import Country, ExternalResource
from portal.forum.models import Edition, Meeting, Participation, Roundtable
from portal.practices.models import GCMObjective, Practice, PracticeSource, SDGTarget, Theme

FILES = ["practices.csv", "practices.json", "participation.csv", "countries.geojson"]


@pytest.fixture
def rich_record(mali):
    """Mali's page, plus a practice that uses every column (taxonomies, sources, a formula-like title)."""
    senegal = Country.objects.get(iso3="SEN")
    edition = Edition.objects.get(label="2013-2014")
    meeting = Meeting.objects.filter(edition=edition).exclude(title="").order_by("pk").first()
    submitter = User.objects.create_user("kofi", first_name="Kofi", last_name="MENSAH", salutation="Dr.")
    practice = Practice.objects.create(
        title="=HYPERLINK('http://evil.example')",
        summary="-5 reasons; +2 more\n@mention\tand a tab",
        body="'quoted already",
        partners="IOM; UNDP",
        is_global=True,
        submitter_kind=Practice.SubmitterKind.CIVIL_SOCIETY,
        submitter=submitter,
        date_shared=datetime.date(2021, 3, 4),
        status=Practice.Status.PUBLISHED,
        image="practices/2021/logo.png",
        contact_email="kept-private@example.org",
        language="en",
        title_fr="Un titre « traduit »",
        summary_es="Un resumen, con comas; y punto y coma",
    )
    practice.countries.add(mali, senegal)
    practice.themes.add(*Theme.objects.order_by("pk")[:2])
    practice.gcm_objectives.add(*GCMObjective.objects.filter(number__in=[19, 2]))
    practice.sdg_targets.add(*SDGTarget.objects.order_by("pk")[:1])
    PracticeSource.objects.create(practice=practice, text="GFMD 2013-2014 – Roundtable 2.1", edition=edition)
    PracticeSource.objects.create(practice=practice, text="A thematic meeting", meeting=meeting)
    PracticeSource.objects.create(practice=practice, text="Somewhere else")
    Practice.objects.create(title="A draft", summary="Not public.", status=Practice.Status.DRAFT)
    record = Participation.objects.get(country=mali, edition__label="2011")
    record.contribution_amount = "15000.00"
    record.contribution_currency = "USD"
    record.financial_contribution = "USD 15,000"
    record.delegates = "Mr. A, Ms. B"
    record.save()
    return practice


def export_to(folder, *extra) -> dict[str, bytes]:
    call_command("export", "--out", str(folder), "--site-url", "https://portal.example", *extra, stdout=io.StringIO())
    return {name: (folder / name).read_bytes() for name in FILES}


def empty_database() -> None:
    Participation.objects.all().delete()
    Practice.objects.all().delete()
    Meeting.objects.all().delete()
    Roundtable.objects.all().delete()
    Edition.objects.all().delete()
    ExternalResource.objects.all().delete()
    Theme.objects.filter(parent__isnull=False).delete()
    Theme.objects.all().delete()
    GCMObjective.objects.all().delete()
    SDGTarget.objects.all().delete()
    User.objects.all().delete()
    Country.objects.all().delete()
    call_command("load_reference_data", stdout=io.StringIO())


def import_from(folder) -> None:
    for kind, name in (("practices", "practices.csv"), ("participation", "participation.csv")):
        call_command("import_csv", "--kind", kind, str(folder / name), stdout=io.StringIO(), stderr=io.StringIO())


@pytest.mark.django_db
def test_public_exports_survive_a_move_to_an_empty_database(rich_record, tmp_path):
    before = export_to(tmp_path / "before")
    assert b"kept-private@example.org" not in before["practices.csv"]
    assert b"A draft" not in before["practices.csv"]
    assert b"'=HYPERLINK" in before["practices.csv"]

    empty_database()
    assert not Practice.objects.exists() and not Participation.objects.exists()
    import_from(tmp_path / "before")

    after = export_to(tmp_path / "after")
    for name in FILES:
        assert after[name] == before[name], name
    moved = Practice.objects.get(pk=rich_record.pk)
    assert moved.title == "=HYPERLINK('http://evil.example')"
    assert moved.summary == "-5 reasons; +2 more\n@mention\tand a tab"
    assert moved.body == "'quoted already"
    # New entries get new ids after the imported ones, on PostgreSQL too.
    assert Practice.objects.create(title="New", summary="New.").pk > rich_record.pk


@pytest.mark.django_db
def test_private_exports_move_drafts_contacts_and_delegates(rich_record, tmp_path):
    before = export_to(tmp_path / "before", "--private")
    assert b"kept-private@example.org" in before["practices.csv"]
    assert b"Mr. A, Ms. B" in before["participation.csv"]

    empty_database()
    import_from(tmp_path / "before")

    after = export_to(tmp_path / "after", "--private")
    for name in FILES:
        assert after[name] == before[name], name
    assert Practice.objects.get(title="A draft").status == Practice.Status.DRAFT
