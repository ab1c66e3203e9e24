"""After a database restart, kept connections are replaced instead of failing a request.

With CONN_MAX_AGE > 0 each worker keeps its connection between requests; when the database restarts,
that connection is dead. CONN_HEALTH_CHECKS makes Django test it before a request reuses it, so the
first request after the restart opens a new one instead of answering 500. bench/faults.py checks
this against a real restart under gunicorn.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.db import connections

ROOT = Path(__file__).resolve().parents[2]


def test_kept_connections_are_checked_before_each_request_reuses_them():
    assert connections["default"].settings_dict["CONN_HEALTH_CHECKS"] is True


def test_production_settings_check_kept_connections(tmp_path):
    env = {
        **os.environ,
        "VAR_DIR": str(tmp_path),
        "DATABASE_URL": "postgres://portal@db.internal:5432/gfmd",
        "CONN_MAX_AGE": "60",
    }
    code = (
        "import json, portal.settings as s; "
        "print(json.dumps({k: [v['CONN_MAX_AGE'], v['CONN_HEALTH_CHECKS']] for k, v in s.DATABASES.items()}))"
    )
    output = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert json.loads(output.stdout) == {"default": [60, True]}
