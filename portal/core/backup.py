"""Backing up and restoring the portal: the database as JSON fixtures, and the uploaded media files.

A backup is one .tar.gz holding ``data.fulljson`` (JSON keeping timestamps to the microsecond: every
record with its id, and references to content types and permissions by name, so that it loads into a
database that numbered those differently), the media folder
under ``media/``, and ``manifest.json`` (when, which database engine, record counts). It works the
same on SQLite and PostgreSQL, and a backup taken on one restores on the other.
"""

import io
import json
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import timezone

# Rebuilt by migrate, or not worth keeping: sessions, login-attempt logs, queued task results.
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "axes",
    "django_tasks_database",
]
FORMAT_VERSION = 1


class BackupError(ValueError):
    pass


def create_backup(destination: Path) -> dict:
    data = io.StringIO()
    call_command(
        "dumpdata",
        *[],
        exclude=EXCLUDED,
        natural_foreign=True,  # content types and permissions by name; every record keeps its own id
        format="fulljson",
        indent=None,
        stdout=data,
    )
    records = json.loads(data.getvalue())
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "engine": connection.vendor,
        "records": len(records),
    }
    media = Path(settings.MEDIA_ROOT)
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(destination, "w:gz") as archive:
        _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
        _add_bytes(archive, "data.fulljson", data.getvalue().encode())
        if media.exists():
            archive.add(media, arcname="media")
    return manifest


def restore_backup(source: Path) -> dict:
    """Load a backup into an empty database (after migrate) and put the media files back."""
    if _has_records():
        raise BackupError("the database already holds records: restore only into an empty database (run migrate first)")
    with tempfile.TemporaryDirectory() as folder, tarfile.open(source, "r:gz") as archive:
        names = set(archive.getnames())
        if not {"manifest.json", "data.fulljson"} <= names:
            raise BackupError(f"{source.name} is not a portal backup: manifest.json or data.fulljson is missing")
        archive.extractall(folder, filter="data")
        manifest = json.loads(Path(folder, "manifest.json").read_text())
        if manifest.get("format") != FORMAT_VERSION:
            raise BackupError(f"unknown backup format {manifest.get('format')!r}")
        # The history tables are restored as they were: loading must not write history of its own.
        with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
            call_command("loaddata", str(Path(folder, "data.fulljson")), verbosity=0)
        media_in = Path(folder, "media")
        if media_in.exists():
            _copy_tree(media_in, Path(settings.MEDIA_ROOT))
    return manifest


def _has_records() -> bool:
    for label in ("countries", "forum", "practices"):
        for model in apps.get_app_config(label).get_models():
            if model.objects.exists():
                return True
    return False


def _add_bytes(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(content))


def _copy_tree(source: Path, target: Path) -> None:
    for path in source.rglob("*"):
        if path.is_file():
            destination = target / path.relative_to(source)
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(path.read_bytes())
