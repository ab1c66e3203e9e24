"""Backing up and restoring the portal: the database as JSON fixtures, and the uploaded media files.

A backup is one .tar.gz holding ``data.fulljson`` (JSON keeping timestamps to the microsecond: every
record with its id, and references to content types and permissions by name, so that it loads into a
database that numbered those differently), the uploaded media files under ``media/``, and
``manifest.json`` (when, which database engine, record counts). It works the same on SQLite and
PostgreSQL, and a backup taken on one restores on the other. The media files are read and written
through the media storage (``storages["default"]``), so the same commands serve media on local disk
and in an S3-compatible bucket.
"""

import io
import json
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.apps import apps
from django.contrib.auth.models import Group
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.core.management import call_command
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, connection, transaction
from django.test.utils import override_settings
from django.utils import timezone

from portal.lib.private_files import make_private_folder, open_private

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
    media = storages["default"]
    names = sorted(media_names(media))
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "engine": connection.vendor,
        "records": len(records),
        "media_files": len(names),
    }
    make_private_folder(destination.parent)
    # It holds API tokens, TOTP secrets and contact details: 0600 (lib/private_files.py).
    with open_private(destination) as handle, tarfile.open(fileobj=handle, mode="w:gz") as archive:
        _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
        _add_bytes(archive, "data.fulljson", data.getvalue().encode())
        for name in names:
            info = tarfile.TarInfo(f"media/{name}")
            info.size = media.size(name)
            info.mtime = int(timezone.now().timestamp())
            with media.open(name, "rb") as handle:
                archive.addfile(info, handle)
    return manifest


def media_names(storage: Storage, folder: str = "") -> Iterator[str]:
    """The name of every file in the media storage (or under ``folder``), with ``/`` between folders."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # local disk: no upload yet, so no media folder
        return
    prefix = f"{folder}/" if folder else ""
    for name in files:
        yield prefix + name
    for name in folders:
        yield from media_names(storage, prefix + name)


def restore_backup(source: Path) -> dict:
    """Load a backup into an empty database (after migrate) and put the media files back."""
    if _has_records():
        raise BackupError("the database already holds records: restore only into an empty database (run migrate first)")
    with tempfile.TemporaryDirectory() as folder, tarfile.open(source, "r:gz") as archive:
        names = set(archive.getnames())
        if not {"manifest.json", "data.fulljson"} <= names:
            raise BackupError(f"{source.name} is not a portal backup: manifest.json or data.fulljson is missing")
        archive.extractall(folder, filter="data")
        manifest = _manifest(source, Path(folder, "manifest.json"))
        if manifest.get("format") != FORMAT_VERSION:
            raise BackupError(f"unknown backup format {manifest.get('format')!r}")
        # The history tables are restored as they were: loading must not write history of its own.
        with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
            # migrate made the Editors group (accounts 0003), under an id of its own: the backup's
            # groups, with their ids and permissions, take the place of what migrate made.
            Group.objects.all().delete()
            try:
                call_command("loaddata", str(Path(folder, "data.fulljson")), verbosity=0)
            except (DatabaseError, DeserializationError) as error:
                # E.g. a value longer than its field allows, which SQLite stored and PostgreSQL refuses.
                refused = str(error).split(": ", 1)[-1].strip()
                raise BackupError(f"this database refuses a record of the backup: {refused}") from None
        # Once the records are in: a storage takes no part in the transaction, so the files come
        # after it. If one cannot be written, the error names it, and running the restore again on
        # a fresh database puts every file back.
        _put_back_media(Path(folder, "media"), storages["default"])
    return manifest


def _manifest(source: Path, path: Path) -> dict[str, Any]:
    """The backup's manifest: a JSON object, or the archive is refused (not a traceback)."""
    try:
        manifest = json.loads(path.read_text())
    except ValueError:  # not JSON, or not UTF-8
        manifest = None
    if not isinstance(manifest, dict):
        raise BackupError(f"{source.name} is not a portal backup: its manifest.json is not a JSON object")
    return manifest


def _has_records() -> bool:
    for label in ("accounts", "countries", "forum", "practices"):
        for model in apps.get_app_config(label).get_models():
            if model._default_manager.exists():
                return True
    return False


def _add_bytes(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(content))


def _put_back_media(source: Path, storage: Storage) -> None:
    """Each file under ``source`` into the storage under the same name, replacing a file of that name."""
    for path in sorted(source.rglob("*")):
        if not path.is_file():
            continue
        name = path.relative_to(source).as_posix()
        if storage.exists(name):
            storage.delete(name)
        with path.open("rb") as handle:
            saved = storage.save(name, File(handle))
        if saved != name:
            raise BackupError(f"the media file {name} was stored as {saved}")
