"""Load mix: 50 simulated users for 2 minutes against gunicorn on PostgreSQL (issue 8, item 7).

Not part of the test suite. See bench/README.md. In short::

    .venv/bin/python bench/load_mix.py                      # 50 users, 120 s, 100k practices
    .venv/bin/python bench/load_mix.py --users 10 --seconds 20 --size 1000 --no-write   # a quick look

What it does:

1. Copies the benchmark database gfmd_bench_<size> (bench/benchdb.py builds it when missing) into a
   throw-away database gfmd_load_<size> (CREATE DATABASE … TEMPLATE), so that the submissions never
   touch the benchmark data; creates the contributors there: ordinary accounts (not staff: staff
   must use TOTP) with a verified e-mail address.
2. Starts gunicorn on 127.0.0.1 with production-like settings (page cache on, Redis cache).
3. Signs every contributor in through the sign-in form (before the timed window: password hashing
   is deliberately slow), then runs the users as threads for --seconds. Each user loops: think for a
   moment, then read a page (home, a country profile, an edition, a practice, a list), search
   (random words of the synthetic vocabulary, with random facets), or, for contributors, submit a
   practice through /practices/submit/ (GET the form for its CSRF token, POST it, expect a redirect
   to the new practice's page).
4. Stops, then checks: responses by status; no 5xx; no transport error; every submission that got
   its success answer is in the database (by id and title); and reports latencies per action.

Exits 1 when a check fails. Appends a section to bench/RESULTS.md unless --no-write.
"""

import argparse
import datetime
import http.client
import json
import math
import platform
import random
import re
import shlex
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchdb  # noqa: E402

ROOT = benchdb.ROOT
LOGS = benchdb.BENCH_DIR / "logs"
PASSWORD = "load-mix-password-7Qe!"  # noqa: S105  (benchmark accounts in a throw-away database)
MARK = "[load-mix]"
KINDS = ["government", "civil_society", "academia", "private_sector", "local_authority"]
REGIONS = ["Africa", "Americas", "Asia", "Europe", "Oceania"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--contributors", type=int, default=15, help="How many of the users are signed in.")
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--size", type=int, default=100000, help="Practices in the database (a copy is used).")
    parser.add_argument("--think", type=float, nargs=2, default=[0.5, 2.0], help="Pause between actions (s).")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/8")
    parser.add_argument("--postgres-url", default=benchdb.DEFAULT_POSTGRES)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--setup", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.setup:
        print(json.dumps(setup_accounts(args.contributors)))
        return

    command = ".venv/bin/python bench/load_mix.py" + "".join(f" {shlex.quote(arg)}" for arg in sys.argv[1:])
    started_at = datetime.datetime.now().astimezone()
    url = copy_database(args.size, args.postgres_url)
    facts = run_setup(url, args.contributors)
    port = benchdb.free_port()
    import redis

    redis.Redis.from_url(args.redis_url).flushdb()
    env = benchdb.server_env(url, port, REDIS_URL=args.redis_url)
    server = benchdb.start_gunicorn(env, port, args.workers, LOGS / "load_mix_gunicorn.log")
    try:
        stats = run_users(port, facts, args)
    finally:
        benchdb.stop_gunicorn(server)
    check = check_submissions(url, stats)
    report = markdown(stats, check, args, command, started_at, facts, benchdb.server_version(url))
    print(report)
    if not args.no_write:
        with benchdb.RESULTS.open("a") as handle:
            handle.write(report)
        print(f"Appended to {benchdb.RESULTS.relative_to(ROOT)}")
    sys.exit(0 if check["ok"] else 1)


# --- the database --------------------------------------------------------------------------------------


def copy_database(size: int, postgres_url: str) -> str:
    """A fresh copy of gfmd_bench_<size>, named gfmd_load_<size>."""
    import psycopg

    benchdb.ensure("postgresql", size, postgres_url)
    source, name = f"gfmd_bench_{size}", f"gfmd_load_{size}"
    with psycopg.connect(postgres_url.replace("postgres://", "postgresql://", 1), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
    base, _, _ = postgres_url.rpartition("/")
    return f"{base}/{name}"


def run_setup(url: str, contributors: int) -> dict:
    env = benchdb.server_env(url, 8000)
    command = [sys.executable, str(Path(__file__).resolve()), "--setup", "--contributors", str(contributors)]
    completed = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, check=True)  # noqa: S603
    return json.loads(completed.stdout.strip().splitlines()[-1])


def setup_accounts(contributors: int) -> dict:
    """Runs with DATABASE_URL set: the contributors, and what the users will visit."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from allauth.account.models import EmailAddress

    from portal.accounts.models import User
    from portal.countries.models import Country
    from portal.forum.models import Edition
    from portal.practices.models import Practice, Theme

    emails = []
    for number in range(contributors):
        email = f"contributor{number}@load-mix.example.org"
        user = User.objects.create_user(username=f"loadmix{number}", email=email, password=PASSWORD)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        emails.append(email)
    rng = random.Random(1)
    published = list(Practice.objects.published().values_list("pk", flat=True)[:20000])
    return {
        "emails": emails,
        "countries": list(Country.objects.values_list("iso3", flat=True)),
        "editions": list(Edition.objects.values_list("label", flat=True)),
        "practices": rng.sample(published, min(2000, len(published))),
        "themes": list(Theme.objects.values_list("slug", flat=True)),
        "words": synthetic_words(),
    }


def synthetic_words() -> list[str]:
    from portal.seed.management.commands.generate_synthetic import WORDS

    return [word for word in WORDS if len(word) > 3]


# --- the simulated users -------------------------------------------------------------------------------


@dataclass
class Stats:
    lock: threading.Lock = field(default_factory=threading.Lock)
    statuses: Counter = field(default_factory=Counter)  # (action, status) -> count
    errors: Counter = field(default_factory=Counter)  # (action, error class) -> count
    latencies: dict = field(default_factory=lambda: defaultdict(list))  # action -> seconds
    acknowledged: list = field(default_factory=list)  # (practice id, title)
    refused: list = field(default_factory=list)  # (status, excerpt) of submissions without success
    sign_ins: Counter = field(default_factory=Counter)
    first_5xx: list = field(default_factory=list)
    window: float = 0.0  # seconds the users ran
    stragglers: int = 0  # threads still running after the window (a request hanging)

    def record(self, action: str, status: int, seconds: float) -> None:
        with self.lock:
            self.statuses[(action, status)] += 1
            self.latencies[action].append(seconds)

    def error(self, action: str, error: Exception) -> None:
        with self.lock:
            self.errors[(action, type(error).__name__)] += 1


class Browser:
    """One user's cookies over plain http.client (gunicorn's sync workers close every connection)."""

    def __init__(self, port: int, stats: Stats) -> None:
        self.port = port
        self.stats = stats
        self.cookies: dict[str, str] = {}

    def request(self, action: str, method: str, path: str, form: dict | None = None) -> tuple[int, str, str]:
        headers = {"Host": f"127.0.0.1:{self.port}", "User-Agent": "load-mix"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        self.stats.record(action, response.status, time.perf_counter() - started)
        if response.status >= 500:
            with self.stats.lock:
                if len(self.stats.first_5xx) < 5:
                    self.stats.first_5xx.append((action, method, path, response.status, text[:300]))
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if "Max-Age=0" in header or "expires=Thu, 01 Jan 1970" in header:
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value
        return response.status, response.headers.get("Location", ""), text


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not match:
        raise ValueError("no CSRF token in the form")
    return match[1]


def sign_in(browser: Browser, email: str) -> bool:
    status, _, html = browser.request("sign-in", "GET", "/accounts/login/")
    if status != 200:
        return False
    form = {"csrfmiddlewaretoken": csrf_token(html), "login": email, "password": PASSWORD}
    status, location, _ = browser.request("sign-in", "POST", "/accounts/login/", form)
    return status == 302 and "/accounts/login/" not in location and "sessionid" in browser.cookies


def read(browser: Browser, rng: random.Random, facts: dict) -> None:
    choice = rng.random()
    if choice < 0.30:
        path = f"/countries/{rng.choice(facts['countries']).lower()}/"
    elif choice < 0.50:
        path = f"/practices/{rng.choice(facts['practices'])}/"
    elif choice < 0.65:
        path = f"/editions/{rng.choice(facts['editions'])}/"
    elif choice < 0.80:
        path = "/"
    else:
        path = rng.choice(["/countries/", "/editions/", "/map/", "/participation/"])
    browser.request("read", "GET", path)


def search(browser: Browser, rng: random.Random, facts: dict) -> None:
    params: dict[str, str] = {"q": " ".join(rng.sample(facts["words"], rng.choice((1, 1, 2))))}
    if rng.random() < 0.5:
        params["region"] = rng.choice(REGIONS)
    if rng.random() < 0.4:
        params["kind"] = rng.choice(KINDS)
    if rng.random() < 0.2 and facts["themes"]:
        params["theme"] = rng.choice(facts["themes"])
    browser.request("search", "GET", "/practices/?" + urlencode(params))


def submit(browser: Browser, rng: random.Random, facts: dict, stats: Stats) -> None:
    status, _, html = browser.request("submit form", "GET", "/practices/submit/")
    if status != 200:
        return
    title = f"{MARK} {uuid.uuid4().hex[:12]} " + " ".join(rng.sample(facts["words"], 6))
    form = {
        "csrfmiddlewaretoken": csrf_token(html),
        "loaded_version": "",
        "title": title,
        "summary": " ".join(rng.choices(facts["words"], k=rng.randint(40, 120))) + ".",
        "body": "",
        "countries": rng.sample(facts["countries"], rng.choice((1, 1, 2))),
        "partners": "",
        "submitter_kind": rng.choice(KINDS),
        "sources_text": "",
        "action": "submit",
    }
    status, location, text = browser.request("submit", "POST", "/practices/submit/", form)
    match = re.fullmatch(r"(?:http://[^/]+)?/practices/(\d+)/", location)
    if status == 302 and match:
        with stats.lock:
            stats.acknowledged.append((int(match[1]), title))
    else:
        with stats.lock:
            stats.refused.append((status, location or re.sub(r"\s+", " ", text)[:200]))


ready = threading.Event()  # set when every contributor has signed in: the timed window starts


def user_loop(number: int, port: int, facts: dict, args: argparse.Namespace, stats: Stats, stop: list[float]) -> None:
    rng = random.Random(args.seed * 1000 + number)
    browser = Browser(port, stats)
    contributor = number < args.contributors
    if contributor:
        try:
            stats.sign_ins["ok" if sign_in(browser, facts["emails"][number]) else "refused"] += 1
        except Exception as error:  # noqa: BLE001  (counted and reported)
            stats.error("sign-in", error)
            stats.sign_ins["error"] += 1
    ready.wait()
    while time.monotonic() < stop[0]:
        time.sleep(rng.uniform(*args.think))
        if time.monotonic() >= stop[0]:
            break
        roll = rng.random()
        try:
            if contributor and roll < 0.30:
                submit(browser, rng, facts, stats)
            elif roll < 0.65:
                read(browser, rng, facts)
            else:
                search(browser, rng, facts)
        except Exception as error:  # noqa: BLE001  (a transport error is a failure: counted and reported)
            stats.error("request", error)


def run_users(port: int, facts: dict, args: argparse.Namespace) -> Stats:
    stats = Stats()
    stop = [math.inf]
    threads = [
        threading.Thread(target=user_loop, args=(number, port, facts, args, stats, stop), daemon=True)
        for number in range(args.users)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    while sum(stats.sign_ins.values()) < args.contributors and time.monotonic() - started < 300:
        time.sleep(0.2)
    print(f"signed in: {dict(stats.sign_ins)} in {time.monotonic() - started:.1f} s", flush=True)
    window_started = time.monotonic()
    stop[0] = window_started + args.seconds
    ready.set()
    for thread in threads:
        thread.join(timeout=args.seconds + 300)
    stats.window = time.monotonic() - window_started
    stats.stragglers = sum(thread.is_alive() for thread in threads)
    return stats


# --- the checks and the report -------------------------------------------------------------------------


def check_submissions(url: str, stats: Stats) -> dict:
    """Every acknowledged submission is in the database, submitted, with its title."""
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as connection:
        rows = dict(
            connection.execute(
                "SELECT id, title FROM practices_practice WHERE title LIKE %s AND status = 'submitted'", [MARK + "%"]
            ).fetchall()
        )
    lost = [(pk, title) for pk, title in stats.acknowledged if rows.get(pk) != title]
    server_errors = sum(count for (_, status), count in stats.statuses.items() if status >= 500)
    transport_errors = sum(stats.errors.values())
    return {
        "acknowledged": len(stats.acknowledged),
        "in_database": len(rows),
        "lost": lost,
        "server_errors": server_errors,
        "transport_errors": transport_errors,
        "ok": not lost and server_errors == 0 and transport_errors == 0 and stats.stragglers == 0,
    }


def percentile(values: list[float], rank: int) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(rank / 100 * len(ordered)) - 1)] if ordered else float("nan")


def markdown(stats: Stats, check: dict, args, command: str, started, facts: dict, server: str) -> str:
    total = sum(stats.statuses.values())
    verdict = "**passed**" if check["ok"] else "**FAILED**"
    lines = [
        "",
        f"## Load mix (bench/load_mix.py), {started:%Y-%m-%d %H:%M %Z}: {verdict}",
        "",
        f"- Command: `{command}`",
        f"- Machine: {benchdb.machine()}; load average at the end: {benchdb.load_average()}",
        f"- Python {platform.python_version()}; {server}; a copy of the {args.size:,}-practice benchmark database",
        f"- gunicorn {args.workers} sync workers on 127.0.0.1, DEBUG=0, SECURE=0, CONN_MAX_AGE=60, page cache on "
        f"(600 s) in Redis ({args.redis_url}).",
        f"- {args.users} users ({args.contributors} signed-in contributors, the others anonymous), each pausing "
        f"{args.think[0]}–{args.think[1]} s between actions, for {stats.window:.0f} s: {total:,} responses "
        f"({total / stats.window:.1f}/s). Contributors: 30% submissions, 35% reads, 35% searches; anonymous users: "
        "65% reads, 35% searches.",
        f"- Sign-ins before the window: {dict(stats.sign_ins)}.",
        "",
        "| action | responses | statuses | p50 ms | p95 ms | max ms |",
        "|---|---:|---|---:|---:|---:|",
    ]
    for action in sorted(stats.latencies):
        statuses = {status: count for (name, status), count in stats.statuses.items() if name == action}
        values = stats.latencies[action]
        listing = ", ".join(f"{status}: {count:,}" for status, count in sorted(statuses.items()))
        lines.append(
            f"| {action} | {len(values):,} | {listing} | {percentile(values, 50) * 1000:.0f} "
            f"| {percentile(values, 95) * 1000:.0f} | {max(values) * 1000:.0f} |"
        )
    lines += [
        "",
        f"- 5xx responses: {check['server_errors']}; transport errors (timeouts, resets): "
        f"{check['transport_errors']}" + (f" {dict(stats.errors)}" if stats.errors else "") + ".",
        f"- Submissions acknowledged (302 to the new practice's page): {check['acknowledged']}; in the database "
        f"afterwards (status submitted, same id and title): {check['in_database']}; lost: {len(check['lost'])}.",
    ]
    if stats.refused:
        lines.append(f"- Submissions not acknowledged: {len(stats.refused)}, e.g. {stats.refused[:3]}.")
    if stats.first_5xx:
        lines.append(f"- First 5xx: {stats.first_5xx}.")
    lines.append("")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
