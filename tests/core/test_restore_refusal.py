"""A backup holding a value this database refuses (a title longer than its field, which SQLite
stored): the restore says which record and why, and restores nothing."""

import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from portal.countries.models import Country
from portal.practices.models import Practice

pytestmark = pytest.mark.django_db(transaction=True)


def lengthen_a_title(archive: Path, pk: int, length: int) -> None:
    with tarfile.open(archive, "r:gz") as source:
        members = {member.name: source.extractfile(member).read() for member in source if member.isfile()}
    records = json.loads(members["data.fulljson"])
    for record in records:
        if record["model"] == "practices.practice" and record["pk"] == pk:
            record["fields"]["title"] = "x" * length
    members["data.fulljson"] = json.dumps(records).encode()
    with tarfile.open(archive, "w:gz") as target:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            target.addfile(info, io.BytesIO(content))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite does not hold text to its field's length")
def test_a_backup_with_an_over_long_title_is_refused_clearly_and_nothing_is_restored(tmp_path):
    call_command("load_reference_data", stdout=io.StringIO())
    practice = Practice.objects.create(title="Fits", summary="s")
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", "--out", str(archive), stdout=io.StringIO())
    lengthen_a_title(archive, practice.pk, 1210)
    call_command("flush", interactive=False, verbosity=0)

    with pytest.raises(CommandError) as raised:
        call_command("restore", str(archive))
    message = str(raised.value)
    assert "this database refuses a record of the backup" in message
    assert "value too long for type character varying(400)" in message
    assert "Nothing was restored." in message
    assert not Practice.objects.exists() and not Country.objects.exists()
