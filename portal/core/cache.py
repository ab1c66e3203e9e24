"""What the cache raises when it cannot be reached (Django's Redis backend; local memory never
fails). Callers catch it to serve a page uncached rather than answer 500."""

from redis.exceptions import RedisError

CACHE_ERRORS = (RedisError,)
