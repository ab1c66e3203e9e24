"""Faults: PostgreSQL restarted under load, and send_digests killed mid-run (issue 8, item 7).

Not part of the test suite. See bench/README.md. In short::

    .venv/bin/python bench/faults.py                      # both
    .venv/bin/python bench/faults.py --only postgres      # PostgreSQL restart only
    .venv/bin/python bench/faults.py --only digests       # send_digests SIGKILL only

postgres: gunicorn serves the 1,000-practice PostgreSQL benchmark database (CONN_MAX_AGE=60, as in
production) to a few reader threads while /healthz is polled every 0.1 s. PostgreSQL is then stopped
(``pg_ctlcluster 15 main stop -m fast``), left down for --down-seconds, and started again. The
check: /healthz answered 503 while it was down and 200 afterwards; the pages answer 200 again
afterwards, without restarting gunicorn (same master and worker processes); no 5xx once /healthz is
back, after a grace period of --grace seconds. PostgreSQL is started again in every case.

digests: a copy of the 1,000-practice database with --subscriptions confirmed "instant"
subscriptions (one address each, one country each, every one with news). send_digests --in-process
runs with a slow mail path (each message is written to its file after --mail-delay seconds, as a
slow SMTP server would take) and is killed with SIGKILL once a quarter of the messages are out.
Then send_digests runs again; then the claims the killed run left are aged past CLAIM_TIMEOUT (as
if 15 minutes had passed) and it runs a third time. The check, after each run: no digest's
Message-ID appears twice among the message files, and every Delivery marked sent has exactly one
message; at the end every subscription got its digest exactly once.

Exits 1 when a check fails. Appends a section to bench/RESULTS.md unless --no-write.
"""

import argparse
import datetime
import json
import os
import platform
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend as FileBackend

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchdb  # noqa: E402

ROOT = benchdb.ROOT
LOGS = benchdb.BENCH_DIR / "logs"
FAULTS_VAR = benchdb.BENCH_DIR / "faults_var"  # VAR_DIR of the digest runs: the message files go to mail/
DIGEST_DB = "gfmd_faults_digests"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=["postgres", "digests"])
    parser.add_argument("--postgres-url", default=benchdb.DEFAULT_POSTGRES)
    parser.add_argument("--cluster", nargs=2, default=["15", "main"], help="pg_ctlcluster version and name")
    parser.add_argument("--down-seconds", type=float, default=3.0)
    parser.add_argument("--grace", type=float, default=0.0, help="Seconds after /healthz is back before counting 5xx.")
    parser.add_argument("--subscriptions", type=int, default=200)
    parser.add_argument("--mail-delay", type=float, default=0.05)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--digest-setup", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--digest-run", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.digest_setup is not None:
        digest_setup(args.digest_setup)
        return
    if args.digest_run:
        digest_run()
        return

    command = ".venv/bin/python bench/faults.py" + "".join(f" {shlex.quote(arg)}" for arg in sys.argv[1:])
    started = datetime.datetime.now().astimezone()
    sections, ok = [], True
    if args.only in (None, "postgres"):
        passed, text = postgres_restart(args)
        ok &= passed
        sections.append(text)
    if args.only in (None, "digests"):
        passed, text = digests_killed(args)
        ok &= passed
        sections.append(text)
    report = "\n".join(
        [
            "",
            f"## Faults (bench/faults.py), {started:%Y-%m-%d %H:%M %Z}: {'**passed**' if ok else '**FAILED**'}",
            "",
            f"- Command: `{command}`",
            f"- Machine: {benchdb.machine()}; load average at the end: {benchdb.load_average()}",
            f"- Python {platform.python_version()}; {benchdb.server_version(args.postgres_url)}",
            "",
            *sections,
            "",
        ]
    )
    print(report)
    if not args.no_write:
        with benchdb.RESULTS.open("a") as handle:
            handle.write(report)
        print(f"Appended to {benchdb.RESULTS.relative_to(ROOT)}")
    sys.exit(0 if ok else 1)


# --- (a) PostgreSQL restarted under load ---------------------------------------------------------------


def pg_ctl(cluster: list[str], action: str) -> None:
    extra = ["-m", "fast"] if action == "stop" else []
    subprocess.run(["pg_ctlcluster", *cluster, action, *extra], check=True)  # noqa: S603, S607


def pg_online(cluster: list[str]) -> bool:
    completed = subprocess.run(["pg_lsclusters", "-h"], stdout=subprocess.PIPE, text=True, check=False)  # noqa: S607
    return any(line.split()[:4] == [*cluster, line.split()[2], "online"] for line in completed.stdout.splitlines())


def postgres_restart(args: argparse.Namespace) -> tuple[bool, str]:
    url = benchdb.ensure("postgresql", 1000, args.postgres_url)
    port = benchdb.free_port()
    env = benchdb.server_env(url, port, PAGE_CACHE_SECONDS="0")
    server = benchdb.start_gunicorn(env, port, 4, LOGS / "faults_gunicorn.log")
    workers_before = sorted(benchdb.worker_pids(server.pid))
    events: list[tuple[float, str, int]] = []  # (time, "healthz" or "page", status)
    lock = threading.Lock()
    stop = threading.Event()
    origin = time.monotonic()

    def poll(kind: str, paths: list[str], pause: float) -> None:
        number = 0
        while not stop.is_set():
            status = benchdb.http_status(port, paths[number % len(paths)], timeout=10)
            with lock:
                events.append((time.monotonic() - origin, kind, status))
            number += 1
            time.sleep(pause)

    pages = ["/countries/mli/", "/editions/2018/", "/practices/?q=diaspora", "/", "/countries/fra/"]
    threads = [threading.Thread(target=poll, args=("healthz", ["/healthz"], 0.1), daemon=True)]
    threads += [threading.Thread(target=poll, args=("page", pages, 0.05), daemon=True) for _ in range(4)]
    down_at = up_at = None
    try:
        for thread in threads:
            thread.start()
        time.sleep(5)
        down_at = time.monotonic() - origin
        pg_ctl(args.cluster, "stop")
        time.sleep(args.down_seconds)
        pg_ctl(args.cluster, "start")
        up_at = time.monotonic() - origin
        time.sleep(10)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=15)
        if not pg_online(args.cluster):
            pg_ctl(args.cluster, "start")
        workers_after = sorted(benchdb.worker_pids(server.pid))
        master_alive = server.poll() is None
        benchdb.stop_gunicorn(server)
    online = pg_online(args.cluster)

    health = [(moment, status) for moment, kind, status in events if kind == "healthz"]
    first_red = next((moment for moment, status in health if status == 503), None)
    green_again = next(
        (moment for moment, status in health if first_red is not None and moment > first_red and status == 200), None
    )
    page_events = [(moment, status) for moment, kind, status in events if kind == "page"]
    before = Counter(status for moment, status in page_events if moment < down_at)
    during = Counter(status for moment, status in page_events if down_at <= moment < (green_again or up_at))
    settle = (green_again or up_at) + args.grace
    after = Counter(status for moment, status in page_events if moment >= settle)
    between = Counter(status for moment, status in page_events if (green_again or up_at) <= moment < settle)
    passed = bool(
        first_red is not None
        and green_again is not None
        and online
        and master_alive
        and workers_after == workers_before
        and after
        and set(after) == {200}
    )
    lines = [
        f"### PostgreSQL restarted under load: {'passed' if passed else '**FAILED**'}",
        "",
        f"- gunicorn: 4 workers, CONN_MAX_AGE=60, page cache off, database gfmd_bench_1000; 4 threads reading "
        f"{', '.join(pages)} without pause, one thread polling /healthz every 0.1 s.",
        f"- `pg_ctlcluster {' '.join(args.cluster)} stop -m fast` at {down_at:.1f} s, `start` at {up_at:.1f} s "
        f"(down {args.down_seconds:.0f} s on purpose, so that the poller sees it).",
        f"- /healthz: {compress(health)}",
        f"- /healthz first 503 at {fmt(first_red)} s, 200 again at {fmt(green_again)} s.",
        f"- Pages before the stop: {dict(before)}; while down: {dict(during)}; "
        + (f"in the first {args.grace:.0f} s after /healthz was green: {dict(between)}; " if args.grace else "")
        + f"from the moment /healthz was green again: {dict(after)}.",
        f"- gunicorn not restarted: master alive {master_alive}, workers before {workers_before}, after "
        f"{workers_after}. PostgreSQL online at the end: {online}.",
    ]
    return passed, "\n".join(lines)


def fmt(value: float | None) -> str:
    return "never" if value is None else f"{value:.1f}"


def compress(samples: list[tuple[float, int]]) -> str:
    """Runs of the same status: '200 ×50 (0.0–5.0 s) → 503 ×31 (5.1–8.2 s) → …'."""
    runs: list[list] = []
    for moment, status in samples:
        if runs and runs[-1][0] == status:
            runs[-1][1] += 1
            runs[-1][3] = moment
        else:
            runs.append([status, 1, moment, moment])
    label = {0: "no answer"}
    return " → ".join(
        f"{label.get(status, status)} ×{count} ({start:.1f}–{end:.1f} s)" for status, count, start, end in runs
    )


# --- (b) send_digests killed mid-run -------------------------------------------------------------------


class SlowFileBackend(FileBackend):
    """The file backend, each message delayed as a slow SMTP server would delay it."""

    def send_messages(self, email_messages):
        time.sleep(float(os.environ.get("BENCH_MAIL_DELAY", "0.05")))
        return super().send_messages(email_messages)


def digest_env(url: str, delay: float) -> dict[str, str]:
    env = benchdb.server_env(url, 8000, VAR_DIR=str(FAULTS_VAR), BENCH_MAIL_DELAY=str(delay))
    env["PYTHONPATH"] = str(Path(__file__).resolve().parent)
    return env


def digest_setup(count: int) -> None:
    """Runs with DATABASE_URL set: ``count`` confirmed instant subscriptions, one per address."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db.models import Count
    from django.utils import timezone

    from portal.countries.models import Country
    from portal.subscriptions.models import Frequency, Subscription

    # Countries with published practices: each subscription has news to send.
    countries = list(
        Country.objects.annotate(n=Count("practices")).filter(n__gt=0).order_by("iso3").values_list("pk", flat=True)
    )
    month_ago = timezone.now() - datetime.timedelta(days=30)
    Subscription.objects.bulk_create(
        Subscription(
            email=f"reader{number}@digests.example.org",
            country_id=countries[number % len(countries)],
            frequency=Frequency.INSTANT,
            confirmed_at=month_ago,
        )
        for number in range(count)
    )
    print(f"{count} subscriptions over {min(count, len(countries))} countries")


def digest_run() -> None:
    """send_digests --in-process, with the slow mail backend."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.EMAIL_BACKEND = "faults.SlowFileBackend"
    settings.EMAIL_FILE_PATH = str(FAULTS_VAR / "mail")
    call_command("send_digests", in_process=True, verbosity=1)


def mail_ids() -> Counter:
    """How many times each digest's Message-ID appears among the message files."""
    found: Counter = Counter()
    for path in (FAULTS_VAR / "mail").glob("*.log"):
        found.update(re.findall(r"^Message-ID: <(digest-\d+-\d+)@", path.read_text(errors="replace"), re.M))
    return found


def delivery_states(url: str) -> dict:
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as connection:
        rows = connection.execute(
            "SELECT subscription_id, sequence, state, claimed_at IS NOT NULL FROM subscriptions_delivery"
        ).fetchall()
    return {f"digest-{sub}-{seq}": (state, claimed) for sub, seq, state, claimed in rows}


def check_mail(url: str, label: str) -> dict:
    ids = mail_ids()
    states = delivery_states(url)
    sent = {key for key, (state, _) in states.items() if state == "sent"}
    return {
        "run": label,
        "messages": sum(ids.values()),
        "digests with a message": len(ids),
        "twice or more": sorted(key for key, count in ids.items() if count > 1),
        "deliveries": len(states),
        "sent": len(sent),
        "pending, claimed": sum(1 for state, claimed in states.values() if state == "pending" and claimed),
        "pending, unclaimed": sum(1 for state, claimed in states.values() if state == "pending" and not claimed),
        "sent without a message": sorted(sent - set(ids)),
        "message without sent": sorted(set(ids) - sent),
    }


def digests_killed(args: argparse.Namespace) -> tuple[bool, str]:
    import psycopg

    source = benchdb.ensure("postgresql", 1000, args.postgres_url)
    base, _, _ = args.postgres_url.rpartition("/")
    url = f"{base}/{DIGEST_DB}"
    with psycopg.connect(args.postgres_url.replace("postgres://", "postgresql://", 1), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DIGEST_DB}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DIGEST_DB}" TEMPLATE "{source.rpartition("/")[2]}"')
    shutil.rmtree(FAULTS_VAR / "mail", ignore_errors=True)
    (FAULTS_VAR / "mail").mkdir(parents=True)
    env = digest_env(url, args.mail_delay)
    script = str(Path(__file__).resolve())
    subprocess.run(  # noqa: S603
        [sys.executable, script, "--digest-setup", str(args.subscriptions)], cwd=ROOT, env=env, check=True
    )
    log = (LOGS / "faults_digests.log").open("w")

    # Run 1: killed once a quarter of the messages are out.
    run = subprocess.Popen([sys.executable, script, "--digest-run"], cwd=ROOT, env=env, stdout=log, stderr=log)  # noqa: S603
    started = time.monotonic()
    while run.poll() is None and sum(mail_ids().values()) < args.subscriptions // 4:
        if time.monotonic() - started > 300:
            break
        time.sleep(0.02)
    killed_while_running = run.poll() is None
    os.kill(run.pid, signal.SIGKILL)
    run.wait()
    checks = [check_mail(url, "1: killed (SIGKILL)")]

    # Run 2: straight after. Run 3: after the killed run's claim has gone stale (CLAIM_TIMEOUT).
    subprocess.run([sys.executable, script, "--digest-run"], cwd=ROOT, env=env, stdout=log, stderr=log, check=True)  # noqa: S603
    checks.append(check_mail(url, "2: run again at once"))
    with psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=True) as connection:
        aged = connection.execute(
            "UPDATE subscriptions_delivery SET claimed_at = claimed_at - interval '16 minutes' "
            "WHERE state = 'pending' AND claimed_at IS NOT NULL"
        ).rowcount
    subprocess.run([sys.executable, script, "--digest-run"], cwd=ROOT, env=env, stdout=log, stderr=log, check=True)  # noqa: S603
    checks.append(check_mail(url, f"3: after ageing {aged} stale claim(s) by 16 minutes"))
    log.close()

    final = checks[-1]
    subscriptions_served = {key.rsplit("-", 1)[0] for key in mail_ids()}
    passed = bool(
        killed_while_running
        and all(not check["twice or more"] and not check["sent without a message"] for check in checks)
        and final["sent"] == args.subscriptions
        and final["messages"] == args.subscriptions
        and len(subscriptions_served) == args.subscriptions
        and final["pending, claimed"] == 0
        and final["pending, unclaimed"] == 0
    )
    keys = ["messages", "twice or more", "deliveries", "sent", "pending, claimed", "pending, unclaimed"]
    keys += ["sent without a message", "message without sent"]
    lines = [
        f"### send_digests killed with SIGKILL mid-run: {'passed' if passed else '**FAILED**'}",
        "",
        f"- Database {DIGEST_DB} (a copy of gfmd_bench_1000, PostgreSQL: claims use SELECT … FOR UPDATE SKIP "
        f"LOCKED); {args.subscriptions} confirmed instant subscriptions, one address each, each with news.",
        f"- `send_digests --in-process` with a file mail backend that waits {args.mail_delay} s before writing "
        f"each message (bench/faults.py SlowFileBackend); killed once {args.subscriptions // 4} messages were "
        f"written (still running when killed: {killed_while_running}).",
        "",
        "| after run | " + " | ".join(keys) + " |",
        "|---|" + "---:|" * len(keys),
    ]
    for check in checks:
        cells = [json.dumps(check[key]) if isinstance(check[key], list) else str(check[key]) for key in keys]
        lines.append(f"| {check['run']} | " + " | ".join(cells) + " |")
    lines += [
        "",
        f"- At the end: {len(subscriptions_served)} of {args.subscriptions} subscribers got their digest, "
        f"{final['messages']} messages in all; digests sent twice: {len(final['twice or more'])}.",
    ]
    return passed, "\n".join(lines)


if __name__ == "__main__":
    main()
