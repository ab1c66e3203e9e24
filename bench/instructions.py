"""CPU instructions per request, counted by valgrind: a measure that a noisy machine does not move.

    .venv/bin/python bench/instructions.py                                  # the profile, SQLite, 100k
    .venv/bin/python bench/instructions.py --path /practices/?q=diaspora --database postgresql

On a shared virtual machine the time of the same request wanders by a third from one minute to the
next, so two versions of the code are hard to compare by their timings. valgrind's callgrind counts
the instructions the Python process executes, which do not depend on what else the machine does.
The script serves ``--path`` in-process (Django's WSGI handler, production-like settings as
benchdb.server_env, page cache off) after five warm-up requests, once with ``--few`` and once with
``--many`` requests, and divides the difference by the difference in requests: what starting
Python and Django costs cancels out. The garbage collector is off during the counted requests (see
``serve``) and the connection is kept for the whole run. On PostgreSQL only the Python process is counted, not the
database server's work. Under valgrind a request runs about fifty times slower: two runs take one
to two minutes. Nothing is written to RESULTS.md; quote the figure with the commit it measured.
"""

import argparse
import gc
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import benchdb  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--path", default="/countries/mli/")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--size", type=int, default=100000, help="Practices in the benchmark database.")
    parser.add_argument("--few", type=int, default=5)
    parser.add_argument("--many", type=int, default=15)
    parser.add_argument("--postgres-url", default=benchdb.DEFAULT_POSTGRES)
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)  # inside valgrind: serve this many requests
    args = parser.parse_args()
    if args.serve is not None:
        serve(args.path, args.serve)
        return
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is needed: apt-get install -y valgrind")
    url = benchdb.ensure(args.database, args.size, args.postgres_url)
    env = benchdb.server_env(url, 8000, PAGE_CACHE_SECONDS="0")
    env["ALLOWED_HOSTS"] = "127.0.0.1"
    # Under valgrind a request takes about half a second: with the 60 s of server_env the connection
    # would be closed and opened again (SQLite's page cache with it) among the counted requests.
    env["CONN_MAX_AGE"] = "86400"
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # compiled modules spare each run compiling them again
    benchdb.collectstatic(env)  # the pages name the collected files
    counts = {n: instructions(env, args.path, n) for n in (args.few, args.many)}
    per_request = (counts[args.many] - counts[args.few]) / (args.many - args.few)
    where = f"{args.path} on {args.database} ({args.size:,} practices)"
    print(f"{where}: {per_request / 1e6:.1f} million instructions per request")


def instructions(env: dict[str, str], path: str, requests: int) -> int:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "callgrind.out"
        command = [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={out}",
            sys.executable,
            __file__,
            "--path",
            path,
            "--serve",
            str(requests),
        ]
        run = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)  # noqa: S603
        if run.returncode != 0:
            sys.exit(f"the requests under valgrind failed:\n{run.stderr[-3000:]}")
        summary = re.search(r"^summary: (\d+)", out.read_text(), re.MULTILINE)
    if summary is None:
        sys.exit("callgrind wrote no summary")
    return int(summary.group(1))


def serve(path: str, requests: int) -> None:
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    route, _, query = path.partition("?")

    def request() -> None:
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": route,
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "HTTP_HOST": "127.0.0.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": sys.stderr,
        }
        status = []
        b"".join(application(environ, lambda line, headers, exc_info=None: status.append(line)))
        if not status[0].startswith("200"):
            sys.exit(f"{path} answered {status[0]}")

    for _ in range(5):
        request()
    # A full collection of the garbage collector costs tens of millions of instructions, and whether
    # one falls among the counted requests would decide the figure: it is switched off after the
    # warm-up, so the count is the requests' own work.
    gc.collect()
    gc.disable()
    for _ in range(requests):
        request()


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    main()
