"""Benchmark databases and machine details shared by bench/http_bench.py, load_mix.py and faults.py.

The databases are the ones bench/search.py builds and reuses: SQLite files var/bench/search_<n>.sqlite3
and PostgreSQL databases gfmd_bench_<n>. Either script may build them; the other reuses them. A database
is "built" when it holds exactly n synthetic practices (generate_synthetic --practices n --seed 1) on
top of the reference data.

    .venv/bin/python bench/benchdb.py --sizes 1000 100000 --databases sqlite postgresql   # build what is missing
"""

import argparse
import json
import os
import platform
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
RESULTS = ROOT / "bench" / "RESULTS.md"
# Where the PostgreSQL benchmark databases are made: every script's default for --postgres-url.
DEFAULT_POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
SEED = 1

sys.path.insert(0, str(Path(__file__).resolve().parent))
from search import PG_PREFIX, database_url  # noqa: E402  (creates the PostgreSQL database when missing)

__all__ = ["database_url", "ensure", "machine", "server_version"]


def ensure(database: str, size: int, postgres_url: str = DEFAULT_POSTGRES, rebuild: bool = False) -> str:
    """Build the benchmark database (database, size) if needed; return its DATABASE_URL."""
    url = database_url(database, size, postgres_url)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "portal.settings"}
    command = [sys.executable, str(Path(__file__).resolve()), "--build", url, "--size", str(size)]
    if rebuild:
        command.append("--rebuild")
    if subprocess.run(command, cwd=ROOT, env=env, check=False).returncode:  # noqa: S603
        # Usually a migration history that no longer matches the code (a migration renamed while it
        # was being written): the database is derived data, so start it again from nothing.
        print(f"{url}: could not be migrated or filled; dropping it and building it again", flush=True)
        drop(database, size, postgres_url)
        url = database_url(database, size, postgres_url)
        subprocess.run(command, cwd=ROOT, env=env, check=True)  # noqa: S603
    return url


def drop(database: str, size: int, postgres_url: str) -> None:
    if database == "sqlite":
        (BENCH_DIR / f"search_{size}.sqlite3").unlink(missing_ok=True)
        return
    import psycopg

    with psycopg.connect(postgres_url.replace("postgres://", "postgresql://", 1), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{PG_PREFIX}_{size}" WITH (FORCE)')


def build(size: int, rebuild: bool) -> None:
    """Runs in its own process with DATABASE_URL set: migrate, reference data, n synthetic practices."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from portal.countries.models import Country
    from portal.practices.models import Practice
    from portal.seed.management.commands.generate_synthetic import PRACTICE_SOURCE

    call_command("migrate", verbosity=0)
    if not Country.objects.exists():
        call_command("load_reference_data")
    present = Practice.objects.filter(source=PRACTICE_SOURCE).count()
    if not rebuild and present == size:
        print(f"{connection.settings_dict['NAME']}: {size} synthetic practices present, reused", flush=True)
        return
    print(f"building: {present} synthetic practices present, {size} wanted", flush=True)
    started = time.perf_counter()
    call_command("generate_synthetic", clear=True, practices=0)
    call_command("generate_synthetic", practices=size, seed=SEED)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
        else:
            # As bench/search.py does after a bulk load: one FTS5 index segment instead of hundreds.
            cursor.execute("INSERT INTO practices_practice_fts (practices_practice_fts) VALUES ('optimize')")
    print(f"built in {time.perf_counter() - started:.0f} s", flush=True)


def machine() -> str:
    """CPUs, memory, CPU model and the load average now."""
    memory = "unknown"
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    cpu = platform.processor() or "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return f"{os.cpu_count()} CPUs (nproc), {memory} memory, {cpu}"


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def server_version(url: str) -> str:
    """The database server's version, read without Django."""
    if url.startswith("sqlite"):
        return f"SQLite {sqlite3.sqlite_version}"
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as connection:
        return f"PostgreSQL {connection.execute('SHOW server_version').fetchone()[0]}"


# --- gunicorn on loopback ---------------------------------------------------------------------------

BENCH_VAR = BENCH_DIR / "var"  # VAR_DIR of the benchmark servers: collected static files, mail files


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(url: str, port: int, **overrides: str) -> dict[str, str]:
    """Production-like settings for plain HTTP on loopback (see the README's settings table)."""
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-secret-key-not-for-production-" + "x" * 20,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "SECURE": "0",  # plain http on loopback: no HTTPS redirect, no secure cookies
        "CONN_MAX_AGE": "60",  # as docs/deploy.md recommends
        "DATABASE_PREPARED_STATEMENTS": "1",  # likewise (PostgreSQL only)
        "VAR_DIR": str(BENCH_VAR),
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    env.update(overrides)
    return env


def collectstatic(env: dict[str, str]) -> None:
    """Collect the static files into the ``VAR_DIR`` of ``env``: with ``DEBUG=0`` a page that names a
    file missing from the manifest answers 500, and on a new machine nothing is collected yet."""
    Path(env["VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"]
    subprocess.run(command, cwd=ROOT, env=env, check=True)  # noqa: S603


def static_url() -> str:
    """The address of the collected stylesheet (its name carries a hash: read the manifest)."""
    manifest = json.loads((BENCH_VAR / "static" / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"]["css/site.css"]


def start_gunicorn(env: dict[str, str], port: int, workers: int, log: Path, timeout: int = 300) -> subprocess.Popen:
    """gunicorn as docs/deploy.md runs it, on 127.0.0.1, after collectstatic; returns once /healthz
    answers 200."""
    collectstatic(env)
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "portal.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--timeout",
        str(timeout),
        "--graceful-timeout",
        "5",
    ]
    log.parent.mkdir(parents=True, exist_ok=True)
    handle = log.open("ab")
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT)  # noqa: S603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}; see {log}")
        if http_status(port, "/healthz") == 200:
            return server
        time.sleep(0.3)
    stop_gunicorn(server)
    raise RuntimeError(f"gunicorn did not answer /healthz within 60 s; see {log}")


def stop_gunicorn(server: subprocess.Popen) -> None:
    """SIGTERM to the master (it stops its workers), SIGKILL if it lingers."""
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def worker_pids(master: int) -> list[int]:
    """The gunicorn workers: the master's child processes."""
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def http_status(port: int, path: str, timeout: float = 5) -> int:
    """The status of GET path, or 0 when the server does not answer."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    except OSError:
        return 0
    finally:
        connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100000])
    parser.add_argument("--databases", nargs="+", choices=["sqlite", "postgresql"], default=["sqlite", "postgresql"])
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--build", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        build(args.size, args.rebuild)
        return
    for database in args.databases:
        for size in args.sizes:
            print(f"== {database}, {size} practices", flush=True)
            print(ensure(database, size, args.postgres_url, args.rebuild), flush=True)


if __name__ == "__main__":
    main()
