"""Time a CSV import of practices (``import_csv``) on a SQLite file: the checking pass and the write.

Run it from the checkout whose code you want to measure (its ``portal`` package is imported from
the current directory), e.g. to compare two versions:

    .venv/bin/python bench/csv_import.py --rows 20000
    (cd ../other-checkout && /path/to/this/checkout/.venv/bin/python /path/to/bench/csv_import.py --rows 20000)

The database is a copy of ``--base`` (a migrated SQLite file with the reference data; built once
with ``migrate`` and ``load_reference_data`` when missing), so that every run starts alike. The rows
are distinct practices of two countries, one GCM objective and one submitter. Prints the seconds.
"""

import argparse
import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def practices_csv(rows: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["title", "summary", "countries", "gcm_objectives", "submitter"])
    for n in range(rows):
        writer.writerow([f"Imported practice {n}", f"Summary of practice {n}.", "MLI; SEN", "19", "Ms. Awa TRAORE"])
    return out.getvalue().encode()


def build(base: Path) -> None:
    base.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{base}"}
    for command in (["migrate", "-v0"], ["load_reference_data"]):
        subprocess.run([sys.executable, "manage.py", *command], env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--base", type=Path, default=Path("var/bench/csv_import_base.sqlite3").resolve())
    args = parser.parse_args()
    if not args.base.exists():
        build(args.base)
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "portal.sqlite3"
        shutil.copy(args.base, database)
        os.environ["DATABASE_URL"] = f"sqlite:///{database}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
        sys.path.insert(0, os.getcwd())
        import django

        django.setup()
        from portal.legacy.csv_import import import_csv

        marks: dict[str, float] = {}
        started = time.monotonic()

        def progress(stage: str, done: int, total: int) -> None:
            if done == total:
                marks[stage] = time.monotonic() - started

        result = import_csv(practices_csv(args.rows), kind="practices", progress=progress)
        total = time.monotonic() - started
        checked = marks.get("checked", 0.0)
        print(
            f"{args.rows} rows: {total:.1f} s in all, checking {checked:.1f} s, writing {total - checked:.1f} s; "
            f"created {dict(result.created)}"
        )


if __name__ == "__main__":
    main()
