"""Peak memory of one process streaming /exports/practices.csv (issue 5: flat memory at 100k rows).

Run against a benchmark database built by bench/search.py, for example:

    DATABASE_URL=sqlite:///var/bench/search_100000.sqlite3 PAGE_CACHE_SECONDS=0 \
        PYTHONPATH=. .venv/bin/python bench/export_memory.py

It prints the rows and bytes streamed, the time taken, and the process's peak resident memory
(ru_maxrss) before and after the export. Flat memory means the peak does not grow with the rows.
"""

import os
import resource
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    settings.ALLOWED_HOSTS = ["*"]
    before = peak_mb()
    started = time.perf_counter()
    response = Client().get("/exports/practices.csv")
    rows = size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        rows += chunk.count(b"\n")
    seconds = time.perf_counter() - started
    print(
        f"database={settings.DATABASES['default']['NAME']} lines={rows:,} bytes={size:,} "
        f"seconds={seconds:.1f} peak_before={before:.0f} MB peak_after={peak_mb():.0f} MB"
    )


if __name__ == "__main__":
    main()
