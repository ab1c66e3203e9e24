"""HTTP benchmark: the portal under gunicorn on loopback, measured with wrk (issue 8, item 6).

Not part of the test suite. See bench/README.md. In short::

    apt-get install -y wrk
    .venv/bin/python bench/http_bench.py                       # SQLite and PostgreSQL, 100k practices
    .venv/bin/python bench/http_bench.py --databases sqlite --duration 5 --parts wrk --no-write   # a quick look

For each database it uses the benchmark databases of bench/search.py (built by bench/benchdb.py when
missing) and measures:

1. SQL queries per page, at 1,000 and at 100,000 practices (Django's test client and
   CaptureQueriesContext, page cache off);
2. with gunicorn serving the 100,000-practice database, page cache off (PAGE_CACHE_SECONDS=0):
   wrk on the country profile, a search with two facets, an API list page, a streaming CSV export,
   and a static file served by whitenoise from the same gunicorn (the ceiling);
3. a gunicorn with the page cache on (PAGE_CACHE_SECONDS unset: 600 s): the profile, the profile
   again with a session cookie (which the page cache does not serve: the page is built, with its
   fragments from Redis, as for a signed-in reader), the edition list (a page without a form, for comparison)
   and the static file again; the wrk script counts the answers that came from the cache
   (X-Page-Cache: hit);
4. a gunicorn with one worker streaming the whole /exports/practices.csv (100,000 rows): the
   worker's peak resident memory (VmHWM in /proc/<pid>/status) before and after, sampled during.

Prints a table and appends a section to bench/RESULTS.md (unless --no-write).
"""

import argparse
import datetime
import http.client
import json
import platform
import shlex
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchdb  # noqa: E402

ROOT = benchdb.ROOT
LUA = Path(__file__).resolve().parent / "wrk_report.lua"
LOGS = benchdb.BENCH_DIR / "logs"
COUNTRY = "/countries/mli/"
PAGES = [
    ("country profile", COUNTRY),
    ("search, two facets", "/practices/?q=diaspora&region=Africa&kind=government"),
    ("API list page", "/api/v1/practices/"),
    ("CSV export, one country (streaming)", "/exports/practices.csv?country=MLI"),
]
WHOLE_EXPORT = "/exports/practices.csv"
WHOLE_LABEL = "CSV export, all practices (streaming)"
# With the page cache on: a page without a form, which the cache can serve to anyone (for comparison).
CACHEABLE = ("edition list (no form)", "/editions/")
# With the page cache on, a request with a session cookie is not served from it: the page is built, with
# its fragments (the country's record, a page of its practices) from the cache when Redis is on. The
# cookie names no session, so the page is an anonymous visitor's (a signed-in reader's adds a menu).
SIGNED_IN = ("country profile, session cookie", COUNTRY)
SESSION_COOKIE = "sessionid=benchmark-no-such-session"
# The anonymous API rate limit (120/minute by default) would answer 429 to a load generator.
API_RATE = "100000000/minute"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--databases", nargs="+", choices=["sqlite", "postgresql"], default=["sqlite", "postgresql"])
    parser.add_argument("--size", type=int, default=100000, help="Practices in the database gunicorn serves.")
    parser.add_argument("--count-sizes", type=int, nargs="+", default=[1000, 100000], help="Sizes for queries/page.")
    parser.add_argument("--duration", type=int, default=20, help="Seconds of wrk per URL (after 5 s of warm-up).")
    parser.add_argument("--connections", type=int, default=2, help="wrk connections (default: one per core).")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (docs/deploy.md: 2 per core).")
    parser.add_argument("--cache", choices=["redis", "locmem"], default="redis")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/7")
    parser.add_argument("--postgres-url", default=benchdb.DEFAULT_POSTGRES)
    parser.add_argument(
        "--parts",
        nargs="+",
        choices=["queries", "wrk", "memory"],
        default=["queries", "wrk", "memory"],
        help="What to measure (default: all three). Memory is measured at each of --count-sizes.",
    )
    parser.add_argument(
        "--export-timeout",
        type=int,
        default=600,
        help="gunicorn --timeout of the one-worker server that streams the whole export (a sync worker's timeout "
        "covers the whole response; a 100k-row export takes about half a minute, within deploy.md's 300 s).",
    )
    parser.add_argument(
        "--profile-only",
        action="store_true",
        help="wrk on the country profile (cached: also with a session cookie) and the static file only.",
    )
    parser.add_argument("--no-write", action="store_true", help="Print only; do not append to RESULTS.md.")
    parser.add_argument("--count-queries", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.count_queries:
        print(json.dumps(count_queries()))
        return
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install -y wrk")

    command = ".venv/bin/python bench/http_bench.py" + "".join(f" {shlex.quote(arg)}" for arg in sys.argv[1:])
    started = datetime.datetime.now().astimezone()
    loads = []
    results = []
    for database in args.databases:
        urls = {size: benchdb.ensure(database, size, args.postgres_url) for size in sorted(set(args.count_sizes))}
        if args.size not in urls:
            urls[args.size] = benchdb.ensure(database, args.size, args.postgres_url)
        benchdb.collectstatic(benchdb.server_env(urls[args.size], 8000))  # static_url() reads its manifest
        result = {"database": database, "server": benchdb.server_version(urls[args.size])}
        if "queries" in args.parts:
            result["queries"] = {size: run_count_queries(urls[size]) for size in sorted(set(args.count_sizes))}
            print(f"== {database}: queries per page {result['queries']}", flush=True)
        if "wrk" in args.parts:
            result["uncached"], result["cached"] = run_wrk_suite(urls[args.size], args)
        if "memory" in args.parts:
            result["memory"] = [export_memory(urls[size], size, args) for size in sorted(set(args.count_sizes))]
        loads.append(f"{database}: {benchdb.load_average()}")
        results.append(result)
    report = markdown(results, args, command, started, loads)
    print(report)
    if not args.no_write:
        with benchdb.RESULTS.open("a") as handle:
            handle.write(report)
        print(f"Appended to {benchdb.RESULTS.relative_to(ROOT)}")


# --- SQL queries per page (runs in its own process, DATABASE_URL set) ----------------------------------


def run_count_queries(url: str) -> dict[str, int]:
    env = benchdb.server_env(url, 8000, PAGE_CACHE_SECONDS="0", API_ANON_RATE=API_RATE)
    env["ALLOWED_HOSTS"] = "testserver"
    command = [sys.executable, str(Path(__file__).resolve()), "--count-queries", url]
    completed = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, check=True)  # noqa: S603
    return json.loads(completed.stdout.strip().splitlines()[-1])


def count_queries() -> dict[str, int]:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    # Templates are rendered without the hashed names of collectstatic's manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    client = Client()
    counts = {}
    for label, path in [*PAGES, (WHOLE_LABEL, WHOLE_EXPORT)]:
        client.get(path)  # warm: the first request loads translations, URL resolvers, …
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
            if response.streaming:
                for _ in response.streaming_content:  # a streaming export queries while it streams
                    pass
        assert response.status_code == 200, (path, response.status_code)
        counts[label] = len(captured)
    return counts


# --- wrk against gunicorn ------------------------------------------------------------------------------


def run_wrk_suite(url: str, args: argparse.Namespace) -> tuple[list[dict], list[dict]]:
    """The four pages and the static file uncached, then the profile and the static file cached."""
    static = benchdb.static_url()
    uncached, cached = [], []
    for mode in ("uncached", "cached"):
        port = benchdb.free_port()
        overrides = {"API_ANON_RATE": API_RATE}
        if mode == "uncached":
            overrides["PAGE_CACHE_SECONDS"] = "0"
        if args.cache == "redis":
            overrides["REDIS_URL"] = args.redis_url
            flush_redis(args.redis_url)
        env = benchdb.server_env(url, port, **overrides)
        server = benchdb.start_gunicorn(env, port, args.workers, LOGS / "http_bench_gunicorn.log")
        try:
            if args.profile_only:
                targets = [PAGES[0]] if mode == "uncached" else [PAGES[0], SIGNED_IN]
            else:
                targets = PAGES if mode == "uncached" else [PAGES[0], SIGNED_IN, CACHEABLE]
            rows = uncached if mode == "uncached" else cached
            for label, path in [*targets, ("static file (whitenoise)", static)]:
                row = wrk(port, path, args, cookie=SESSION_COOKIE if (label, path) == SIGNED_IN else "")
                row.update(label=label, path=path, mode=mode)
                rows.append(row)
                print(
                    f"   {mode:8s} {label:38s} p50 {row['p50_ms']:8.1f} ms  p95 {row['p95_ms']:8.1f} ms"
                    f"  {row['rps']:8.1f} req/s  non-2xx {row['non2xx']}  cache hits {row['cache_hits']}"
                    f"  ({row['requests']} requests,"
                    f" load {row['load']})",
                    flush=True,
                )
        finally:
            benchdb.stop_gunicorn(server)
    return uncached, cached


def flush_redis(redis_url: str) -> None:
    """Empty the benchmark's own Redis database (a dedicated index, 7 by default) so that runs start cold."""
    import redis

    redis.Redis.from_url(redis_url).flushdb()


def wrk(port: int, path: str, args: argparse.Namespace, cookie: str = "") -> dict:
    target = f"http://127.0.0.1:{port}{path}"
    base = ["wrk", f"-t{args.threads}", f"-c{args.connections}", "--timeout", "30s", "-s", str(LUA)]
    if cookie:
        base += ["-H", f"Cookie: {cookie}"]
    subprocess.run([*base, "-d5s", target], check=True, stdout=subprocess.DEVNULL)  # noqa: S603  (warm-up)
    completed = subprocess.run(  # noqa: S603
        [*base, f"-d{args.duration}s", "--latency", target], check=True, stdout=subprocess.PIPE, text=True
    )
    line = next(line for line in completed.stdout.splitlines() if line.startswith("WRKJSON "))
    data = json.loads(line.removeprefix("WRKJSON "))
    return {
        "requests": data["requests"],
        "rps": data["requests"] / (data["duration_us"] / 1e6),
        "p50_ms": data["p50_us"] / 1000,
        "p95_ms": data["p95_us"] / 1000,
        "p99_ms": data["p99_us"] / 1000,
        "non2xx": data["non2xx"],
        "first_non2xx": data["first_non2xx_status"],
        "socket_errors": data["connect_errors"] + data["read_errors"] + data["write_errors"] + data["timeouts"],
        "bytes_per_request": data["bytes"] / max(1, data["requests"]),
        "cache_hits": data["cache_hits"],
        "load": benchdb.load_average(),
    }


# --- memory of one worker streaming the whole export ---------------------------------------------------


def status_kb(pid: int, field: str) -> int:
    """A memory figure of /proc/<pid>/status in kB; 0 once the process is gone (killed by a timeout)."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return 0
    for line in lines:
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def export_memory(url: str, practices: int, args: argparse.Namespace) -> dict:
    """One gunicorn worker: warm it up with a few pages, then stream the whole CSV export through it."""
    port = benchdb.free_port()
    env = benchdb.server_env(url, port, PAGE_CACHE_SECONDS="0", API_ANON_RATE=API_RATE)
    log = LOGS / "http_bench_gunicorn.log"
    server = benchdb.start_gunicorn(env, port, 1, log, timeout=args.export_timeout)
    try:
        (worker,) = benchdb.worker_pids(server.pid)
        for _, path in PAGES:
            benchdb.http_status(port, path, timeout=60)
        before = status_kb(worker, "VmHWM")
        rss_samples: list[int] = []
        finished = threading.Event()

        def sample() -> None:
            while not finished.is_set():
                rss_samples.append(status_kb(worker, "VmRSS"))
                time.sleep(0.2)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        connection.request("GET", WHOLE_EXPORT)
        response = connection.getresponse()
        lines = size = 0
        complete = True
        try:
            while chunk := response.read(65536):
                size += len(chunk)
                lines += chunk.count(b"\n")
        except http.client.IncompleteRead as error:  # the worker was stopped mid-stream (its timeout)
            size += len(error.partial)
            lines += error.partial.count(b"\n")
            complete = False
        connection.close()
        seconds = time.perf_counter() - started
        finished.set()
        sampler.join()
        after = status_kb(worker, "VmHWM")
        result = {
            "status": response.status if complete else f"{response.status}, cut off",
            "lines": lines,
            "bytes": size,
            "seconds": seconds,
            "peak_before_mb": before / 1024,
            "peak_after_mb": after / 1024,
            "practices": practices,
            "rss_min_mb": min(sample for sample in rss_samples if sample) / 1024,
            "rss_max_mb": max(rss_samples) / 1024,
            # Resident memory at a quarter, half, three quarters and the end of the download.
            "rss_quarters_mb": [rss_samples[max(0, len(rss_samples) * q // 4 - 1)] / 1024 for q in (1, 2, 3, 4)],
            "load": benchdb.load_average(),
        }
        print(f"   export memory: {result}", flush=True)
        return result
    finally:
        benchdb.stop_gunicorn(server)


# --- report --------------------------------------------------------------------------------------------


def markdown(results: list[dict], args, command: str, started: datetime.datetime, loads: list[str]) -> str:
    cache = f"Redis ({args.redis_url}, flushed before each server start)" if args.cache == "redis" else "local memory"
    lines = [
        "",
        f"## HTTP under gunicorn (bench/http_bench.py), {started:%Y-%m-%d %H:%M %Z}",
        "",
        f"- Command: `{command}`",
        f"- Machine: {benchdb.machine()}; load average at the end of each database's run: {'; '.join(loads)}",
        f"- Python {platform.python_version()}; " + "; ".join(sorted({row["server"] for row in results})),
        f"- gunicorn {args.workers} sync workers on 127.0.0.1 (`--timeout 300`, as docs/deploy.md), DEBUG=0, "
        "SECURE=0 (plain http), CONN_MAX_AGE=60, DATABASE_PREPARED_STATEMENTS=1 (PostgreSQL), "
        f"cache: {cache}, API_ANON_RATE={API_RATE} "
        "(the default 120/minute would answer 429 to wrk); static files by whitenoise from the same gunicorn.",
    ]
    if "wrk" in args.parts:
        lines += [
            f"- wrk: {args.threads} threads, {args.connections} connections, {args.duration} s per URL after a "
            f"5 s warm-up, timeout 30 s; {args.size:,} synthetic practices; profile `{COUNTRY}` (Mali, "
            "about 600 practices).",
            "",
            "| database | page cache | URL | requests | req/s | p50 ms | p95 ms | p99 ms | non-2xx | cache hits "
            "| load |",
            "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
        for result in results:
            for row in result["uncached"] + result["cached"]:
                mode = "off" if row["mode"] == "uncached" else "on (600 s)"
                bad = f"{row['non2xx']}" + (f" (first: {row['first_non2xx']})" if row["non2xx"] else "")
                if row["socket_errors"]:
                    bad += f", {row['socket_errors']} socket errors"
                lines.append(
                    f"| {result['database']} | {mode} | {row['label']} `{row['path']}` | {row['requests']:,} "
                    f"| {row['rps']:.1f} | {row['p50_ms']:.1f} | {row['p95_ms']:.1f} | {row['p99_ms']:.1f} | {bad} "
                    f"| {row['cache_hits']:,} | {row['load']} |"
                )
    if "queries" in args.parts:
        sizes = sorted({size for result in results for size in result["queries"]})
        lines += [
            "",
            "SQL queries per page (test client, page cache off; a streaming export counted to its last byte):",
            "",
            "| database | URL | " + " | ".join(f"{size:,} practices" for size in sizes) + " | equal |",
            "|---|---|" + "---:|" * len(sizes) + "---|",
        ]
        for result in results:
            labels = list(next(iter(result["queries"].values())))
            for label in labels:
                counts = [result["queries"][size][label] for size in sizes]
                equal = "yes" if len(set(counts)) == 1 else "**no**"
                if label == WHOLE_LABEL:  # not a page: it reads in chunks to keep its memory flat
                    equal = "not a page: read in chunks, so its queries grow with the rows (see bench/README.md)"
                cells = " | ".join(str(count) for count in counts)
                lines.append(f"| {result['database']} | {label} | {cells} | {equal} |")
    if "memory" in args.parts:
        lines += [
            "",
            f"One gunicorn worker (`--timeout {args.export_timeout}`) streaming `{WHOLE_EXPORT}`: VmHWM (peak "
            "resident memory) of the worker before (after a few warm-up pages) and after; VmRSS sampled every "
            "0.2 s during the download, at a quarter, half, three quarters and the end of it:",
            "",
            "| database | practices | status | lines | MB | seconds | peak before | peak after | RSS during ¼ ½ ¾ end "
            "| load |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---|---|",
        ]
        for result in results:
            for m in result["memory"]:
                quarters = " / ".join(f"{value:.0f}" for value in m["rss_quarters_mb"])
                lines.append(
                    f"| {result['database']} | {m['practices']:,} | {m['status']} | {m['lines']:,} "
                    f"| {m['bytes'] / 1e6:.1f} | {m['seconds']:.1f} | {m['peak_before_mb']:.0f} MB "
                    f"| {m['peak_after_mb']:.0f} MB | {quarters} MB | {m['load']} |"
                )
    lines.append("")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
