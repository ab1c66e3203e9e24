"""What the cache raises when it cannot be reached (django-redis wraps redis-py's errors in its own;
local memory never fails). Callers catch it to serve a page uncached rather than answer 500."""

from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

CACHE_ERRORS = (RedisError, ConnectionInterrupted)
