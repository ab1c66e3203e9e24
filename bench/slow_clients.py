"""Slow clients against gunicorn's sync workers, directly and behind nginx (issue 21, finding 10).

Starts gunicorn with two sync workers on 127.0.0.1, opens ``--slow`` connections that each send
one header line per second and never finish their request, then times ``GET /healthz`` (at most
5 s). Directly, each slow connection holds a worker; behind nginx (``--nginx`` and a configuration
made from the example in docs/deploy.md, listening on ``--nginx-port`` and passing to
``--port``), nginx holds them and gunicorn's workers stay free. Prints one line per case.

    .venv/bin/python bench/slow_clients.py                                   # gunicorn alone
    .venv/bin/python bench/slow_clients.py --nginx /usr/sbin/nginx --nginx-conf /tmp/gfmd-nginx.conf

Its settings come from the environment as the portal's do (a migrated database is needed).
"""

import argparse
import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def wait_for_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit(f"nothing listens on 127.0.0.1:{port}")


def slow_client(port: int, stop: threading.Event) -> None:
    """A request whose headers arrive one line per second and never end."""
    with socket.create_connection(("127.0.0.1", port)) as connection:
        connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        number = 0
        while not stop.wait(1):
            number += 1
            try:
                connection.sendall(f"X-Slow-{number}: 1\r\n".encode())
            except OSError:
                return


def healthz_seconds(port: int) -> str:
    started = time.perf_counter()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
        status = connection.getresponse().status
    except (TimeoutError, OSError) as error:
        return f"no answer in 5 s ({type(error).__name__})"
    return f"{status} in {time.perf_counter() - started:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8123, help="gunicorn's port on 127.0.0.1")
    parser.add_argument("--slow", type=int, default=2, help="slow connections (default: 2, one per worker)")
    parser.add_argument("--nginx", help="the nginx binary, to measure through it as well")
    parser.add_argument("--nginx-conf", help="its configuration (the example of docs/deploy.md)")
    parser.add_argument("--nginx-port", type=int, default=8124)
    options = parser.parse_args()
    gunicorn = subprocess.Popen(  # noqa: S603 (this virtualenv's gunicorn)
        [str(Path(sys.executable).with_name("gunicorn")), "portal.wsgi:application"]
        + ["--bind", f"127.0.0.1:{options.port}", "--workers", "2", "--timeout", "300"],
        cwd=ROOT,
        env={**os.environ, "BEHIND_PROXY": "1" if options.nginx else os.environ.get("BEHIND_PROXY", "0")},
        stderr=subprocess.DEVNULL,
    )
    nginx = None
    try:
        wait_for_port(options.port)
        cases = [("gunicorn alone", options.port)]
        if options.nginx:
            conf = Path(options.nginx_conf)
            nginx = subprocess.Popen([options.nginx, "-c", str(conf), "-p", str(conf.parent)])  # noqa: S603
            wait_for_port(options.nginx_port)
            cases.append(("behind nginx", options.nginx_port))
        for name, port in cases:
            print(f"{name}: /healthz alone: {healthz_seconds(port)}")
            stop = threading.Event()
            clients = [threading.Thread(target=slow_client, args=(port, stop)) for _ in range(options.slow)]
            for client in clients:
                client.start()
            time.sleep(1)
            print(f"{name}: /healthz with {options.slow} slow connections: {healthz_seconds(port)}")
            stop.set()
            for client in clients:
                client.join()
    finally:
        for process in (nginx, gunicorn):
            if process is not None:
                process.terminate()
                process.wait()


if __name__ == "__main__":
    main()
