"""Time ``import_page`` on large synthetic country pages, to see how the time grows with the page's size.

Two kinds of page, built from tests/data/pages/philippines.txt and tests/data/mali.txt: one block whose
``RT Participation`` holds as many lines as the size asks, each naming another session
(``Team Member in RT 3.17 "Session 1716"``), and one whose ``Thematic Meetings`` holds as many distinct
meetings. Each page is run with ``--dry-run`` and then written, into a copy of a migrated SQLite file
with the reference data (built once). Prints the seconds of each run (the whole command, startup
included). Run it from the checkout whose code you want to measure:

    .venv/bin/python bench/page_size.py --sizes 45 90 180 360
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DATA = Path("tests/data")


def roundtable_page(size: int) -> str:
    head, label, _ = (DATA / "pages" / "philippines.txt").read_text(encoding="utf-8").partition("RT Participation\n")
    lines, total, n = [head + label], len(head), 0
    while total < size:
        line = f'  • Team Member in RT {n // 100 + 1}.{n % 100 + 1} "Session {n}"\n'
        lines.append(line)
        total, n = total + len(line), n + 1
    return "".join([*lines, "\nSubscribe to Philippines\n"])


def meeting_page(size: int) -> str:
    head, label, rest = (DATA / "mali.txt").read_text(encoding="utf-8").partition("Thematic Meetings\n")
    lines, total, n = [head + label], len(head), 0
    while total < size:
        line = f'- Participated in Thematic Meeting on "Recruitment and diaspora {n}" on 11 September 2013 in Geneva\n'
        lines.append(line)
        total, n = total + len(line), n + 1
    return "".join([*lines, rest[rest.index("Financial Contribution") :]])


def run(arguments: list[str], database: Path) -> float:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "IMPORT_PAGE_MAX_BYTES": str(10**8)}
    start = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", *arguments], env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[45, 90, 180, 360], help="page sizes in KB")
    parser.add_argument("--base", type=Path, default=Path("var/bench/page_size_base.sqlite3").resolve())
    args = parser.parse_args()
    if not args.base.exists():
        args.base.parent.mkdir(parents=True, exist_ok=True)
        for command in (["migrate", "-v0"], ["load_reference_data"]):
            run(command, args.base)
    print(f"{'page':<12} {'KB':>6} {'lines':>6} {'dry run s':>10} {'write s':>8}")
    with tempfile.TemporaryDirectory() as folder:
        for kind, build in (("roundtables", roundtable_page), ("meetings", meeting_page)):
            for size in args.sizes:
                page = Path(folder) / f"{kind}-{size}.txt"
                page.write_text(build(size * 1024), encoding="utf-8")
                database = Path(folder) / "portal.sqlite3"
                shutil.copy(args.base, database)
                dry = run(["import_page", str(page), "--dry-run"], database)
                written = run(["import_page", str(page)], database)
                lines = page.read_text(encoding="utf-8").count("\n")
                print(f"{kind:<12} {size:>6} {lines:>6} {dry:>10.1f} {written:>8.1f}", flush=True)


if __name__ == "__main__":
    main()
