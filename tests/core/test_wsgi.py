"""The WSGI module a gunicorn worker loads: what it does to the garbage collector."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_worker_freezes_what_start_up_made_and_collects_young_objects_less_often(tmp_path):
    # In a process of its own: freezing the test run's objects would change the run itself.
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    code = (
        "import gc, json; default = gc.get_threshold(); import portal.wsgi as w; "
        "print(json.dumps([default, gc.get_threshold(), w.YOUNG_COLLECTION_AFTER, gc.get_freeze_count(), "
        "callable(w.application)]))"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    default, tuned, young, frozen, has_application = json.loads(completed.stdout)
    assert has_application
    assert tuned == [young, default[1], default[2]] and young > default[0]
    assert frozen > 50_000  # Django, the portal's modules and models: tens of thousands of objects
