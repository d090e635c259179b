"""The Redis cache, answering from a local counter while Redis is unreachable.

The cache holds rate-limit counters (the API's and django-allauth's) and other short-lived
values; none is worth an error page. When Redis cannot be reached, each call is answered from
this process's memory instead, a warning is logged at most once a minute, and Redis is tried
again after a few seconds. Limits then count per process until Redis is back: weaker, but the
pages, the API and sign-in keep answering. Short socket timeouts (settings.py) keep a Redis
that does not answer from holding requests up.
"""

import logging
import threading
import time
from typing import Any

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5.0
WARN_EVERY_SECONDS = 60.0


class _Outage:
    """Per process: when to try Redis again and when the last warning was logged."""

    lock = threading.Lock()
    retry_at = 0.0
    warned_at = -WARN_EVERY_SECONDS


class ResilientRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        # One LocMemCache name is one store shared by every thread of the process.
        self._local = LocMemCache("aigov-redis-fallback", {"TIMEOUT": params.get("TIMEOUT", 300)})

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if time.monotonic() >= _Outage.retry_at:
            try:
                return getattr(super(), name)(*args, **kwargs)
            except (RedisError, OSError) as error:
                self._note_outage(error)
        return getattr(self._local, name)(*args, **kwargs)

    @staticmethod
    def _note_outage(error: Exception) -> None:
        now = time.monotonic()
        with _Outage.lock:
            _Outage.retry_at = now + RETRY_AFTER_SECONDS
            if now - _Outage.warned_at < WARN_EVERY_SECONDS:
                return
            _Outage.warned_at = now
        logger.warning(
            "Redis is unreachable (%s); the cache and rate limits use this process's memory "
            "until it is back.",
            error,
        )

    def add(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("add", *args, **kwargs)

    def get(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("get", *args, **kwargs)

    def set(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("set", *args, **kwargs)

    def touch(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("touch", *args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("get_many", *args, **kwargs)

    def has_key(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("incr", *args, **kwargs)

    def set_many(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("delete_many", *args, **kwargs)

    def clear(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("clear", *args, **kwargs)
