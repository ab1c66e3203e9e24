"""DATABASE_PREPARED_STATEMENTS=1: PostgreSQL parses and plans a repeated statement once per connection."""

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection, connections

ROOT = Path(__file__).resolve().parents[2]


def database_options(tmp_path, **environment: str) -> dict:
    """Each database's OPTIONS as the settings module makes them from ``environment``."""
    unset = {"DATABASE_PREPARED_STATEMENTS", "DATABASE_REPLICA_URL"}
    env = {**{k: v for k, v in os.environ.items() if k not in unset}, "VAR_DIR": str(tmp_path), **environment}
    code = (
        "import json, portal.settings as s; "
        "print(json.dumps({k: v.get('OPTIONS', {}) for k, v in s.DATABASES.items()}))"
    )
    output = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return json.loads(output.stdout)


def test_the_setting_turns_on_server_side_binding_for_postgresql(tmp_path):
    options = database_options(
        tmp_path,
        DATABASE_URL="postgres://portal@db.internal:5432/gfmd",
        DATABASE_PREPARED_STATEMENTS="1",
    )
    expected = {"server_side_binding": True, "prepare_threshold": 5}
    assert options["default"] == expected


def test_without_the_setting_postgresql_keeps_djangos_defaults(tmp_path):
    options = database_options(tmp_path, DATABASE_URL="postgres://portal@db.internal:5432/gfmd")
    assert options["default"] == {}


def test_the_setting_leaves_sqlite_alone(tmp_path):
    sqlite = f"sqlite:///{tmp_path / 'portal.sqlite3'}"
    options = database_options(tmp_path, DATABASE_URL=sqlite, DATABASE_PREPARED_STATEMENTS="1")
    assert options["default"] == {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }


def test_the_setting_reads_like_the_other_switches(tmp_path):
    url = "postgres://portal@db.internal:5432/gfmd"
    assert database_options(tmp_path, DATABASE_URL=url, DATABASE_PREPARED_STATEMENTS="true")["default"]
    assert database_options(tmp_path, DATABASE_URL=url, DATABASE_PREPARED_STATEMENTS="0")["default"] == {}


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
def test_postgresql_prepares_a_statement_repeated_on_a_kept_connection(tmp_path):
    # The options as the settings module makes them for this server, on a second connection.
    url = "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(**connection.settings_dict)
    options = database_options(tmp_path, DATABASE_URL=url, DATABASE_PREPARED_STATEMENTS="1")["default"]
    settings_dict = copy.deepcopy(connection.settings_dict)
    settings_dict["OPTIONS"].update(options)
    prepared = connections["default"].__class__(settings_dict)
    try:
        for iso3 in ["MLI", "SEN", "MLI", "FRA", "MLI", "MLI", "USA"]:
            with prepared.cursor() as cursor:
                cursor.execute("SELECT name FROM countries_country WHERE iso3 = %s", [iso3])
                cursor.fetchall()
        with prepared.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            statements = [row[0] for row in cursor.fetchall()]
    finally:
        prepared.close()
    assert any("FROM countries_country WHERE iso3 = $1" in statement for statement in statements)
