"""The production parts that this machine can run: Redis as the cache (django-redis)."""

import socket

import pytest
from django_redis.cache import RedisCache


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


def test_the_settings_use_django_redis_and_no_database_router(settings):
    import os
    import subprocess
    import sys

    env = {**os.environ, "REDIS_URL": "redis://127.0.0.1:6379/15"}
    code = "import portal.settings as s; print(s.CACHES['default']['BACKEND'], getattr(s, 'DATABASE_ROUTERS', []))"
    output = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert output.stdout.strip() == "django_redis.cache.RedisCache []"
