"""The production parts that this machine can run: Redis as the cache, the replica router."""

import socket

import pytest

from portal.core.cache import RedisCache
from portal.core.routers import ReplicaRouter
from portal.countries.models import Country


def redis_is_running() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not redis_is_running(), reason="no Redis server on 127.0.0.1:6379 (a laptop needs none)")
def test_redis_cache_keeps_and_counts_the_page_generation():
    cache = RedisCache("redis://127.0.0.1:6379/15", {})
    cache.set("portal:page-generation", 1)
    assert cache.incr("portal:page-generation") == 2
    cache.delete("portal:page-generation")


@pytest.mark.skipif(not redis_is_running(), reason="no Redis server on 127.0.0.1:6379 (a laptop needs none)")
def test_redis_cache_reuses_one_client_and_reads_many_keys_at_once():
    cache = RedisCache("redis://127.0.0.1:6379/15", {})
    cache.set_many({"portal:test-a": ("page", 1), "portal:test-b": 2})
    assert cache.get_many(["portal:test-a", "portal:test-b", "portal:test-none"]) == {
        "portal:test-a": ("page", 1),
        "portal:test-b": 2,
    }
    assert cache._cache.get_client() is cache._cache.get_client(write=True)
    cache.delete_many(["portal:test-a", "portal:test-b"])


def test_replica_router_reads_from_the_replica_and_writes_to_the_primary():
    router = ReplicaRouter()
    assert router.db_for_read(Country) == "replica"
    assert router.db_for_write(Country) == "default"
    assert router.allow_migrate("replica", "countries") is False
    assert router.allow_migrate("default", "countries") is True
