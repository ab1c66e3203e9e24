"""Backup and restore: an empty database gets back exactly what was saved, media included."""

import io
import json
import os
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
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


def mali_with_a_logo(tmp_path: Path, settings, content: bytes) -> None:
    """The reference data and the seed's Mali, its Diaspora Forum practice with an image in the media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "practices").mkdir(parents=True)
    (tmp_path / "media" / "practices" / "logo.png").write_bytes(content)
    call_command("load_reference_data", stdout=io.StringIO())
    call_command("import_page", "tests/data/mali.txt", stdout=io.StringIO())
    Practice.objects.filter(title="Malian Diaspora Forum").update(image="practices/logo.png")


def test_backup_restored_into_an_empty_database_gives_the_same_record_and_media(tmp_path, settings, client):
    mali_with_a_logo(tmp_path, settings, b"\x89PNG fake but kept byte for byte")
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


@pytest.mark.parametrize("manifest", [b"[1]", b"{not json", b"\xff\xfe"])
def test_restore_refuses_a_backup_whose_manifest_is_not_a_json_object(tmp_path, manifest):
    import tarfile

    bogus = tmp_path / "bogus.tar.gz"
    with tarfile.open(bogus, "w:gz") as archive:
        for name, content in (("manifest.json", manifest), ("data.fulljson", b"[]")):
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
    with pytest.raises(CommandError, match="is not a portal backup: its manifest.json is not a JSON object"):
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


# --- into a newly migrated database, of either engine -------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
SITE = "https://portal.example.org"


def postgres_server() -> str | None:
    """The PostgreSQL server to create a scratch database on: the tests' own, else a local one if
    it answers; None when there is none (a laptop with nothing installed)."""
    url = os.environ.get("DATABASE_URL", "")
    candidates = [url] if url.startswith("postgres") else []
    candidates.append("postgres://postgres@127.0.0.1:5432/postgres")
    for candidate in candidates:
        server = candidate.rsplit("/", 1)[0]
        try:
            psycopg.connect(f"{server}/postgres", connect_timeout=2).close()
        except psycopg.Error:
            continue
        return server
    return None


@contextmanager
def scratch_database(engine: str, tmp_path: Path) -> Iterator[str]:
    """The URL of a new, empty database, removed afterwards."""
    if engine == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    server = postgres_server()
    if server is None:
        pytest.skip("no PostgreSQL server answers")
    name = f"gfmd_restore_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(*arguments: str, env: dict[str, str]) -> str:
    run = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *arguments], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout


def files_of(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_a_backup_restores_into_a_newly_migrated_database_of_either_engine(tmp_path, settings, engine):
    mali_with_a_logo(tmp_path, settings, b"\x89PNG kept byte for byte")
    call_command("generate_synthetic", practices=30, seed=5, stdout=io.StringIO())
    before_folder = str(tmp_path / "before")
    call_command("export", "--out", before_folder, "--private", "--site-url", SITE, stdout=io.StringIO())
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", "--out", str(archive), stdout=io.StringIO())

    with scratch_database(engine, tmp_path) as url:
        env = {
            **{key: value for key, value in os.environ.items() if key not in {"DATABASE_REPLICA_URL", "REDIS_URL"}},
            "DATABASE_URL": url,
            "VAR_DIR": str(tmp_path / "var"),
            "MEDIA_ROOT": str(tmp_path / "restored_media"),
        }
        manage("migrate", "--verbosity", "0", env=env)  # as an operator would: migrate, then restore
        assert "Restored" in manage("restore", str(archive), env=env)
        manage("export", "--out", str(tmp_path / "after"), "--private", "--site-url", SITE, env=env)

    before, after = files_of(tmp_path / "before"), files_of(tmp_path / "after")
    assert sorted(before) == sorted(after)
    assert [name for name in before if before[name] != after[name]] == []
    assert b"Malian Diaspora Forum" in before["practices.csv"]
    assert files_of(tmp_path / "restored_media") == {"practices/logo.png": b"\x89PNG kept byte for byte"}


def test_media_in_another_storage_than_the_disk_are_backed_up_and_restored(tmp_path, settings):
    """The media go through the media storage (S3 in production): here Django's in-memory storage,
    which like a bucket has no folder on disk."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import storages

    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    settings.MEDIA_ROOT = tmp_path / "not-used"
    media = storages["default"]
    media.save("practices/2026/logo.png", ContentFile(b"\x89PNG in a bucket"))
    call_command("load_reference_data", stdout=io.StringIO())
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", "--out", str(archive), stdout=io.StringIO())

    call_command("flush", interactive=False, verbosity=0)
    media.delete("practices/2026/logo.png")
    call_command("restore", str(archive), stdout=io.StringIO())

    with media.open("practices/2026/logo.png", "rb") as handle:
        assert handle.read() == b"\x89PNG in a bucket"
    assert not (tmp_path / "not-used").exists()
