"""A long CSV import on the embedded database (a SQLite file, WAL) leaves readers and writers working."""

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

# 20,000 rows take 10 to 50 s on a busy test machine (bench/RESULTS.md); 5,000 rows show the same
# thing, ten short write transactions with pages read and practices submitted between them.
ROWS = 5_000


def practices_csv(rows: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["title", "summary", "countries", "gcm_objectives", "submitter"])
    for n in range(rows):
        writer.writerow([f"Imported practice {n}", f"Summary of practice {n}.", "MLI; SEN", "19", "Ms. Awa TRAORE"])
    return out.getvalue().encode()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the embedded database only")
@pytest.mark.django_db(transaction=True)
def test_a_long_import_leaves_pages_and_submissions_working(reference_data, tmp_path):
    # The test database (migrated, with the reference data) copied to a file of the test's own.
    database = tmp_path / "portal.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(database) as copy:
        connection.connection.backup(copy)
    (tmp_path / "practices.csv").write_bytes(practices_csv(ROWS))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "VAR_DIR": str(tmp_path / "var"),
        "ALLOWED_HOSTS": "testserver",
        "DEBUG": "0",
    }
    env.pop("REDIS_URL", None)
    script = Path(__file__).with_name("concurrent_import.py")
    done = subprocess.run(
        [sys.executable, str(script), str(tmp_path / "practices.csv")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    assert outcome["errors"] == []
    assert outcome["imported"] == ROWS
    assert outcome.get("submitted_while_importing", 0) >= 1 and outcome["reads"] >= 5, outcome
    assert outcome["journal_mode"] == "wal"
    with sqlite3.connect(database) as result:
        titles = result.execute("SELECT count(*) FROM practices_practice WHERE title LIKE 'Submitted during%'")
        assert titles.fetchone()[0] == outcome["submissions"]
        assert result.execute("SELECT count(*) FROM practices_practice").fetchone()[0] == ROWS + outcome["submissions"]
