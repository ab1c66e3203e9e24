"""Run by test_concurrent_import in a process of its own, on a SQLite file: a CSV import of many rows
in one thread while this one reads pages and submits practices. Prints what happened as JSON.

    python tests/legacy/concurrent_import.py <practices.csv>   (DATABASE_URL names the SQLite file)
"""

import json
import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

# As in the tests: templates rendered without collectstatic's manifest.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

from allauth.account.models import EmailAddress  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from portal.accounts.models import User  # noqa: E402
from portal.legacy.csv_import import import_csv  # noqa: E402

client = Client()
PAGES = ["/countries/mli/", "/practices/?q=diaspora", "/countries/", "/accounts/profile/", "/api/v1/practices/"]


def main(csv_path: str) -> dict:
    user = User.objects.create_user("reader", "reader@example.org", "pw", first_name="Rea")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    connection.close()
    outcome: dict = {"errors": [], "reads": 0, "submissions": 0}
    # Halfway through, the import waits (between two of its write transactions) until a practice has been
    # submitted, so that at least one submission falls inside the import however fast either side runs.
    submitted = threading.Event()

    def halfway(stage: str, done: int, total: int) -> None:
        if stage == "written" and done < total and not submitted.is_set():
            submitted.wait(timeout=120)

    def run_import() -> None:
        started = time.monotonic()
        try:
            result = import_csv(Path(csv_path).read_bytes(), kind="practices", progress=halfway)
            outcome["imported"] = result.created["practices"]
        except Exception as error:  # noqa: BLE001 - reported to the test
            outcome["errors"].append(f"import: {error!r}")
        finally:
            outcome["import_seconds"] = round(time.monotonic() - started, 2)
            connection.close()

    importer = threading.Thread(target=run_import)
    client.force_login(user)
    importer.start()
    while importer.is_alive() or outcome["submissions"] == 0:
        for page in PAGES:
            outcome["reads"] += 1
            request(outcome, 200, "GET", page)
        n = outcome["submissions"] + 1
        form = {"title": f"Submitted during the import {n}", "summary": "s", "countries": ["MLI"], "action": "submit"}
        outcome["submissions"] += 1
        request(outcome, 302, "POST", "/practices/submit/", form)
        if importer.is_alive():
            outcome["submitted_while_importing"] = outcome.get("submitted_while_importing", 0) + 1
        submitted.set()
        time.sleep(0.05)
    importer.join()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        outcome["journal_mode"] = cursor.fetchone()[0]
    return outcome


def request(outcome: dict, expected: int, method: str, path: str, data: dict | None = None) -> None:
    """One request; an answer other than ``expected``, or an exception, is recorded."""
    try:
        response = client.get(path) if method == "GET" else client.post(path, data)
    except Exception as error:  # noqa: BLE001 - reported to the test
        outcome["errors"].append(f"{method} {path}: {error!r}")
        return
    if response.status_code != expected:
        outcome["errors"].append(f"{method} {path}: {response.status_code}")


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))
