"""Backups and private exports are readable by their owner alone, whatever the umask (issue 21)."""

import io
import os
import stat
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command

from portal.lib.private_files import make_private_folder, open_private


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask():
    """The most permissive umask: without care, every file would be 0666 and every folder 0777."""
    previous = os.umask(0)
    yield
    os.umask(previous)


@pytest.mark.django_db
def test_a_backup_is_written_0600_in_folders_made_0700(tmp_path, open_umask):
    call_command("load_reference_data", stdout=io.StringIO())
    archive = tmp_path / "new" / "backups" / "portal.tar.gz"

    call_command("backup", "--out", str(archive), stdout=io.StringIO())

    assert mode(archive) == 0o600
    assert mode(tmp_path / "new" / "backups") == 0o700
    assert mode(tmp_path / "new") == 0o700
    with tarfile.open(archive) as opened:
        assert "data.fulljson" in opened.getnames()


@pytest.mark.django_db
def test_a_backup_over_a_world_readable_file_makes_it_0600(tmp_path, open_umask):
    archive = tmp_path / "portal.tar.gz"
    archive.write_bytes(b"an older file")
    archive.chmod(0o644)
    call_command("backup", "--out", str(archive), stdout=io.StringIO())
    assert mode(archive) == 0o600


@pytest.mark.django_db
def test_private_export_files_are_0600_in_a_folder_made_0700(tmp_path, open_umask):
    call_command("load_reference_data", stdout=io.StringIO())
    folder = tmp_path / "private"

    call_command("export", "--out", str(folder), "--private", stdout=io.StringIO())

    assert mode(folder) == 0o700
    written = sorted(folder.iterdir())
    assert written and {mode(path) for path in written} == {0o600}


@pytest.mark.django_db
def test_open_data_exports_keep_the_usual_modes(tmp_path):
    previous = os.umask(0o022)
    try:
        call_command("export", "--out", str(tmp_path / "open-data"), stdout=io.StringIO())
    finally:
        os.umask(previous)
    assert {mode(path) for path in (tmp_path / "open-data").iterdir()} == {0o644}


def test_an_existing_folder_is_left_as_it_was(tmp_path, open_umask):
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    make_private_folder(shared / "inner")
    assert mode(shared) == 0o755 and mode(shared / "inner") == 0o700
    with open_private(shared / "inner" / "secret.txt", "w") as handle:
        handle.write("token")
    assert mode(shared / "inner" / "secret.txt") == 0o600
