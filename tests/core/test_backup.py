"""Backup and restore: an empty database gets back exactly what was saved, media included."""

import io
import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from portal.practices.models import Practice

pytestmark = pytest.mark.django_db(transaction=True)


def without_csrf(html: bytes) -> bytes:
    """A page with its per-request CSRF tokens blanked out."""
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", html)


def dump() -> list:
    out = io.StringIO()
    call_command(
        "dumpdata", "countries", "forum", "practices", "accounts", format="fulljson", natural_foreign=True, stdout=out
    )
    return sorted(json.loads(out.getvalue()), key=lambda r: (r["model"], str(r.get("pk"))))


def test_backup_restored_into_an_empty_database_gives_the_same_record_and_media(tmp_path, settings, client):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "practices").mkdir(parents=True)
    (tmp_path / "media" / "practices" / "logo.png").write_bytes(b"\x89PNG fake but kept byte for byte")
    call_command("load_reference_data", stdout=io.StringIO())
    call_command("import_page", "tests/data/mali.txt", stdout=io.StringIO())
    Practice.objects.filter(title="Malian Diaspora Forum").update(image="practices/logo.png")
    before = dump()
    page_before = client.get("/countries/mli/").content
    assert b"Malian Diaspora Forum" in page_before
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", "--out", str(archive), stdout=io.StringIO())

    call_command("flush", interactive=False, verbosity=0)
    (tmp_path / "media" / "practices" / "logo.png").unlink()
    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)

    assert "Restored" in out.getvalue()
    assert dump() == before
    assert without_csrf(client.get("/countries/mli/").content) == without_csrf(page_before)
    assert (tmp_path / "media" / "practices" / "logo.png").read_bytes() == b"\x89PNG fake but kept byte for byte"


def test_restore_refuses_a_database_that_holds_records(tmp_path):
    call_command("load_reference_data", stdout=io.StringIO())
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", "--out", str(archive), stdout=io.StringIO())
    with pytest.raises(CommandError, match="restore only into an empty database"):
        call_command("restore", str(archive))


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    import tarfile

    bogus = tmp_path / "bogus.tar.gz"
    with tarfile.open(bogus, "w:gz") as archive:
        archive.add(__file__, arcname="something.py")
    with pytest.raises(CommandError, match="is not a portal backup: manifest.json or data.fulljson is missing"):
        call_command("restore", str(bogus))


# Every public export, whole and filtered: a restore must give back the same bytes.
EXPORT_URLS = [
    "/exports/practices.csv",
    "/exports/practices.json",
    "/exports/participation.csv",
    "/exports/countries.geojson",
    "/exports/countries.geojson?geometry=outline",
    "/exports/practices.csv?country=MLI",
    "/exports/practices.json?region=Africa&kind=government",
    "/exports/participation.csv?edition=2018",
]


def exports(client) -> dict[str, bytes]:
    files = {}
    for url in EXPORT_URLS:
        response = client.get(url)
        assert response.status_code == 200, url
        files[url] = b"".join(response.streaming_content)
    return files


def test_restore_into_an_empty_database_gives_byte_identical_exports(tmp_path, settings, client):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_reference_data", stdout=io.StringIO())
    call_command("import_page", "tests/data/mali.txt", stdout=io.StringIO())
    # Practices with countries, themes, objectives, targets and sources, and participation records.
    call_command("generate_synthetic", practices=60, seed=3, stdout=io.StringIO())
    before = exports(client)
    assert all(before.values())
    assert b"Malian Diaspora Forum" in before["/exports/practices.csv"]
    assert before["/exports/practices.csv"].count(b"[synthetic]") == 60
    assert before["/exports/participation.csv?edition=2018"].count(b"\n") > 100  # Mali and ~150 synthetic rows
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", "--out", str(archive), stdout=io.StringIO())

    call_command("flush", interactive=False, verbosity=0)
    assert not Practice.objects.exists()
    call_command("restore", str(archive), stdout=io.StringIO())

    after = exports(client)
    assert [url for url in EXPORT_URLS if after[url] != before[url]] == []
