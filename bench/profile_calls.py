"""Function calls and CPU time per request of one page, in-process, with every cache off.

A count of function calls does not depend on the machine's load, so two trees can be compared in one
sitting even on a busy machine. Each tree runs this with its own benchmark database:

    .venv/bin/python bench/profile_calls.py --size 10000 /countries/mli/ /fr/countries/mli/

The database is the one bench/benchdb.py builds (var/bench/search_<size>.sqlite3, SQLite)."""

import argparse
import cProfile
import gc
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    database = ROOT / "var" / "bench" / f"search_{args.size}.sqlite3"
    if not database.exists():
        sys.exit(f"{database} is missing: .venv/bin/python bench/benchdb.py --sizes {args.size} --databases sqlite")
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["PAGE_CACHE_SECONDS"] = "0"  # the page cache and the fragments off
    os.environ["FRAGMENT_CACHE"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    # Templates are rendered without the hashed names of collectstatic's manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    client = Client(HTTP_HOST="127.0.0.1")
    for path in args.paths:
        for _ in range(5):  # warm: translations, URL resolvers, templates
            assert client.get(path).status_code == 200, path
        gc.disable()
        started = time.process_time()
        for _ in range(args.requests):
            client.get(path)
        cpu = (time.process_time() - started) / args.requests * 1000
        gc.enable()
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.requests):
            client.get(path)
        profile.disable()
        calls = pstats.Stats(profile).total_calls / args.requests
        print(f"{path}: {calls:,.0f} function calls, {cpu:.1f} ms of CPU per request")


if __name__ == "__main__":
    main()
