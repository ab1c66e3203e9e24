"""/healthz checks every part a page needs: the database and the cache."""

import socket
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
    return {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}


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
