"""Search latency benchmark: typical searches at 1k, 10k and 100k synthetic practices, SQLite and PostgreSQL.

Not part of the test suite. See bench/README.md. In short::

    .venv/bin/python bench/search.py                      # 1k, 10k, 100k on both databases
    .venv/bin/python bench/search.py --sizes 1000 --databases sqlite --repeat 10

Each (database, size) runs in its own process (Django reads DATABASE_URL once, at start-up). The
databases are built once and reused: a SQLite file var/bench/search_<n>.sqlite3 and a PostgreSQL
database gfmd_bench_<n> on the server of --postgres-url. Each search goes through the same path
as the page and the API (PracticeFilter(...).qs) and is timed as the page uses it: the first page
of 20 practices, then the count. The results are printed and appended to bench/RESULTS.md.
"""

import argparse
import datetime
import json
import math
import os
import platform
import shlex
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
RESULTS = ROOT / "bench" / "RESULTS.md"
DEFAULT_POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
SEED = 1
# Names of the PostgreSQL benchmark databases: <prefix>_<n> (BENCH_PG_PREFIX lets two checkouts share a server).
PG_PREFIX = os.environ.get("BENCH_PG_PREFIX", "gfmd_bench")

# The four typical searches (query strings as the page receives them).
SEARCHES = [
    ("word", "q=diaspora"),
    ("prefix", "q=remitt"),
    ("typo", "q=diaspra"),
    ("word + 2 facets", "q=diaspora&region=Africa&kind=government"),
]
# Whole pages as a visitor gets them (HTML with its facet counts, or the API's JSON), page cache off:
# the addresses of the "search that stays fast" issue, a rare word (the synthetic text has no really
# rare word: a year is in about 2% of the practices) and a word that matches nothing.
PAGES = [
    ("country profile", "/countries/mli/"),
    ("browse", "/practices/"),
    ("word", "/practices/?q=diaspora"),
    ("prefix", "/practices/?q=remitt"),
    ("word + 2 facets", "/practices/?q=diaspora&region=Africa&kind=government"),
    ("API list", "/api/v1/practices/"),
    ("rare word", "/practices/?q=2012"),
    ("no match", "/practices/?q=xylophone"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--databases", nargs="+", choices=["sqlite", "postgresql"], default=["sqlite", "postgresql"])
    parser.add_argument("--repeat", type=int, default=30, help="Timed runs of each search (after 3 warm-up runs).")
    parser.add_argument("--rebuild", action="store_true", help="Regenerate the synthetic data even if present.")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES)
    parser.add_argument("--no-write", action="store_true", help=f"Print only; do not append to {RESULTS.name}.")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.database_url, args.size, args.repeat, args.rebuild)))
        return

    command = ".venv/bin/python bench/search.py" + "".join(f" {shlex.quote(arg)}" for arg in sys.argv[1:])
    started = datetime.datetime.now().astimezone()
    rows = []
    for database in args.databases:
        for size in args.sizes:
            url = database_url(database, size, args.postgres_url)
            print(f"== {database}, {size} practices ({url})", flush=True)
            result = run_worker(url, size, args.repeat, args.rebuild)
            result["database"] = database
            result.update(gunicorn_pages(url, args.repeat, result.pop("page_queries")))
            rows.append(result)
            print_result(result)
    report = markdown(rows, command, started, args.repeat)
    print(report)
    if not args.no_write:
        with RESULTS.open("a") as results:
            results.write(report)
        print(f"Appended to {RESULTS.relative_to(ROOT)}")


# --- orchestration ---------------------------------------------------------------------------------


def database_url(database: str, size: int, postgres_url: str) -> str:
    if database == "sqlite":
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{BENCH_DIR / f'search_{size}.sqlite3'}"
    import psycopg

    name = f"{PG_PREFIX}_{size}"
    with psycopg.connect(postgres_url.replace("postgres://", "postgresql://", 1), autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = postgres_url.rpartition("/")
    return f"{base}/{name}"


def run_worker(url: str, size: int, repeat: int, rebuild: bool) -> dict:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "portal.settings"}
    env["ALLOWED_HOSTS"] = "testserver"
    env["PAGE_CACHE_SECONDS"] = "0"  # time the view, not the anonymous page cache in front of it
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", "--database-url", url]
    command += ["--size", str(size), "--repeat", str(repeat)] + (["--rebuild"] if rebuild else [])
    completed = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, check=True)  # noqa: S603
    lines = completed.stdout.strip().splitlines()
    for line in lines[:-1]:
        print("   " + line)
    return json.loads(lines[-1])


def gunicorn_pages(url: str, repeat: int, queries: dict[str, int]) -> dict:
    """The whole pages as a visitor gets them: one gunicorn worker (portal.wsgi, as deployed), page
    cache off, one request at a time over HTTP; then the worker's resident memory."""
    import benchdb  # here: benchdb imports this module

    port = benchdb.free_port()
    env = benchdb.server_env(url, port, PAGE_CACHE_SECONDS="0", API_ANON_RATE="100000000/minute")
    server = benchdb.start_gunicorn(env, port, 1, BENCH_DIR / "logs" / "search_gunicorn.log")
    samples: dict[str, list[float]] = {label: [] for label, _ in PAGES}
    try:
        for _, address in PAGES:  # warm-up
            for _ in range(3):
                assert benchdb.http_status(port, address, timeout=60) == 200, address
        for _ in range(repeat):
            for label, address in PAGES:  # interleaved, so that a slow moment is shared by all
                start = time.perf_counter()
                status = benchdb.http_status(port, address, timeout=60)
                samples[label].append((time.perf_counter() - start) * 1000)
                assert status == 200, (address, status)
        (pid,) = benchdb.worker_pids(server.pid)
        status_lines = Path(f"/proc/{pid}/status").read_text().splitlines()
        memory = {line.split(":")[0]: int(line.split()[1]) / 1024 for line in status_lines if line.startswith("Vm")}
    finally:
        benchdb.stop_gunicorn(server)
    pages = {
        label: {
            "url": address,
            "queries": queries[label],
            "p50": percentile(samples[label], 50),
            "p95": percentile(samples[label], 95),
            "max": max(samples[label]),
        }
        for label, address in PAGES
    }
    return {"pages": pages, "worker_rss_mb": memory["VmRSS"], "worker_peak_mb": memory["VmHWM"]}


# --- one database, one size (runs in its own process) ---------------------------------------------


def worker(url: str, size: int, repeat: int, rebuild: bool) -> dict:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.http import QueryDict
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from portal.countries.models import Country
    from portal.practices.filters import PracticeFilter, PracticePaginator
    from portal.practices.models import Practice
    from portal.seed.management.commands.generate_synthetic import PRACTICE_SOURCE

    log = sys.stderr
    call_command("migrate", verbosity=0)
    if not Country.objects.exists():
        call_command("load_reference_data", stdout=log)
    built = None
    present = Practice.objects.filter(source=PRACTICE_SOURCE).count()
    if rebuild or present != size:
        print(f"building: {present} synthetic practices present, {size} wanted", file=log, flush=True)
        start = time.perf_counter()
        call_command("generate_synthetic", clear=True, practices=0, stdout=log)
        call_command("generate_synthetic", practices=size, seed=SEED, stdout=log)
        built = time.perf_counter() - start
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Planner statistics and flushed GIN pending lists, as autovacuum leaves them on a live server.
            cursor.execute("VACUUM ANALYZE")
        elif built is not None:
            # FTS5's counterpart after a bulk load: merge the index segments into one. No ANALYZE:
            # Django never runs one, so a real SQLite portal has no planner statistics.
            cursor.execute("INSERT INTO practices_practice_fts (practices_practice_fts) VALUES ('optimize')")

    rows = Practice.objects.published().select_related("submitter")

    def search(params: str) -> tuple[int, int]:
        """The count and the first page, fetched as the search page fetches them."""
        filterset = PracticeFilter(QueryDict(params))
        page = PracticePaginator(filterset.qs, 20, rows=rows, index=filterset.ranked()).page(1)
        return len(page.object_list), page.paginator.count

    samples: dict[str, list[float]] = {label: [] for label, _ in SEARCHES}
    hits: dict[str, int] = {}
    queries: dict[str, int] = {}
    for label, params in SEARCHES:
        for _ in range(3):
            search(params)
        with CaptureQueriesContext(connection) as captured:
            hits[label] = search(params)[1]
        queries[label] = len(captured)
    for _ in range(repeat):
        for label, params in SEARCHES:  # interleaved, so that a slow moment is shared by all
            start = time.perf_counter()
            search(params)
            samples[label].append((time.perf_counter() - start) * 1000)

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    client = Client()
    page_queries: dict[str, int] = {}
    for label, address in PAGES:  # warm-up, and the queries of each page (its timings: gunicorn_pages)
        for _ in range(3):
            assert client.get(address).status_code == 200, address
        with CaptureQueriesContext(connection) as captured:
            client.get(address)
        page_queries[label] = len(captured)

    every = [value for values in samples.values() for value in values]
    return {
        "size": size,
        "practices": Practice.objects.published().count(),
        "built_seconds": built,
        "searches": {
            label: {
                "params": params,
                "hits": hits[label],
                "queries": queries[label],
                "p50": percentile(samples[label], 50),
                "p95": percentile(samples[label], 95),
            }
            for label, params in SEARCHES
        },
        "all": {"p50": percentile(every, 50), "p95": percentile(every, 95)},
        "page_queries": page_queries,
        "server": server_version(connection),
    }


def percentile(values: list[float], rank: int) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(rank / 100 * len(ordered)) - 1)]


def server_version(connection) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            return f"SQLite {sqlite3.sqlite_version}"
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0]}"


# --- reporting -------------------------------------------------------------------------------------


def print_result(result: dict) -> None:
    for label, values in result["searches"].items():
        print(
            f"   {label:16s} p50 {values['p50']:8.1f} ms   p95 {values['p95']:8.1f} ms"
            f"   ({values['hits']} hits, {values['queries']} queries)"
        )
    print(f"   {'all four':16s} p50 {result['all']['p50']:8.1f} ms   p95 {result['all']['p95']:8.1f} ms")
    for label, values in result["pages"].items():
        print(
            f"   page {label:16s} p50 {values['p50']:8.1f} ms   p95 {values['p95']:8.1f} ms"
            f"   max {values['max']:8.1f} ms"
            f"   ({values['queries']} queries)  {values['url']}"
        )
    print(f"   gunicorn worker: resident {result['worker_rss_mb']:.0f} MB, peak {result['worker_peak_mb']:.0f} MB")


def machine() -> str:
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        memory = "unknown"
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    return f"{os.cpu_count()} CPUs (nproc), {memory} memory, {cpu}; load average at the end: {load}"


def markdown(rows: list[dict], command: str, started: datetime.datetime, repeat: int) -> str:
    lines = [
        "",
        f"## {started:%Y-%m-%d %H:%M %Z}",
        "",
        f"- Command: `{command}`",
        f"- Machine: {machine()}",
        f"- Python {platform.python_version()}; "
        + "; ".join(sorted({row["server"] for row in rows}))
        + f"; {repeat} timed runs of each search after 3 warm-up runs, interleaved",
        "- Each search: `PracticeFilter`, its count and first page of 20 as the search page fetches them"
        " (`PracticePaginator` with `ranked()`: the count and the page's ids, then its rows).",
        "",
        "| database | practices | search | hits | queries | p50 ms | p95 ms |",
        "|---|---:|---|---:|---:|---:|---:|",
    ]
    for row in rows:
        for label, values in row["searches"].items():
            lines.append(
                f"| {row['database']} | {row['size']:,} | {label} (`{values['params']}`) | {values['hits']:,} "
                f"| {values['queries']} | {values['p50']:.1f} | {values['p95']:.1f} |"
            )
        lines.append(
            f"| {row['database']} | {row['size']:,} | **all four** | | | {row['all']['p50']:.1f} "
            f"| **{row['all']['p95']:.1f}** |"
        )
    lines += [
        "",
        "Whole pages over HTTP from one gunicorn worker (HTML with facet counts, or JSON), page cache off,"
        f" one request at a time, {repeat} timed rounds after 3 warm-up ones, interleaved (queries counted"
        " with Django's test client):",
        "",
        "| database | practices | page | queries | p50 ms | p95 ms | max ms |",
        "|---|---:|---|---:|---:|---:|---:|",
    ]
    for row in rows:
        for label, values in row["pages"].items():
            lines.append(
                f"| {row['database']} | {row['size']:,} | {label} (`{values['url']}`) | {values['queries']} "
                f"| {values['p50']:.1f} | {values['p95']:.1f} | {values['max']:.1f} |"
            )
    lines += [
        "",
        "The gunicorn worker's resident memory after the timed rounds (its peak in brackets): "
        + "; ".join(
            f"{row['database']} {row['size']:,}: {row['worker_rss_mb']:.0f} MB ({row['worker_peak_mb']:.0f} MB)"
            for row in rows
        )
        + ".",
    ]
    built = [f"{row['database']} {row['size']:,}: {row['built_seconds']:.0f} s" for row in rows if row["built_seconds"]]
    if built:
        lines += ["", "Synthetic data built during this run (generate_synthetic): " + "; ".join(built) + "."]
    lines.append("")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
