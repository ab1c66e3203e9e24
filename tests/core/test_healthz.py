"""/healthz checks every part a page needs: the database, the cache, and the read replica when there is one."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from tests.core.test_production_parts import redis_is_running

ROOT = Path(__file__).resolve().parent.parent.parent


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (taken from the system, then let go)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_cache(url: str) -> dict:
    return {"default": {"BACKEND": "portal.core.cache.RedisCache", "LOCATION": url}}


@pytest.mark.django_db
@pytest.mark.skipif(not redis_is_running(), reason="no Redis server on 127.0.0.1:6379 (a laptop needs none)")
def test_healthz_is_ok_with_a_real_redis_cache(client):
    with override_settings(CACHES=redis_cache("redis://127.0.0.1:6379/15")):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


@pytest.mark.django_db
def test_healthz_says_degraded_naming_the_cache_when_redis_cannot_be_reached_and_stays_200(client):
    # Every server shares the one Redis: a 503 would take them all out of the load balancer.
    with override_settings(CACHES=redis_cache(f"redis://127.0.0.1:{closed_port()}/0")):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "ConnectionError"}
    assert "no-store" in response["Cache-Control"]


def healthz_in_a_process(tmp_path, replica_url: str) -> tuple[int, dict]:
    """/healthz answered by a portal started with DATABASE_REPLICA_URL (the replica is set up at start-up)."""
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client(HTTP_HOST='127.0.0.1').get('/healthz');"
        "print(r.status_code, r.content.decode())"
    )
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "VAR_DIR": str(tmp_path),
        "DATABASE_REPLICA_URL": replica_url,
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    status, body = result.stdout.strip().splitlines()[-1].split(" ", 1)
    return int(status), json.loads(body)


def test_healthz_checks_the_replica_when_one_is_configured(tmp_path):
    # The primary's own SQLite file stands in for a replica that answers.
    status, body = healthz_in_a_process(tmp_path, f"sqlite:///{tmp_path / 'portal.sqlite3'}")
    assert status == 200
    assert body == {"status": "ok", "database": "ok", "cache": "ok", "replica": "ok"}


def test_healthz_says_degraded_naming_the_replica_when_it_cannot_be_reached_and_stays_200(tmp_path):
    # Every server shares the replica: a 503 would take them all out of the load balancer.
    status, body = healthz_in_a_process(tmp_path, f"postgres://postgres@127.0.0.1:{closed_port()}/gfmd_h2")
    assert status == 200
    assert body == {"status": "degraded", "database": "ok", "cache": "ok", "replica": "OperationalError"}
