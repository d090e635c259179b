"""The caches: Redis answering from a local counter while it is unreachable, and the database
cache with an atomic increment (the shared counters without Redis).

The cache holds rate-limit counters (the API's and django-allauth's) and other short-lived
values; none is worth an error page. When Redis cannot be reached, each call is answered from
this process's memory instead, a warning is logged at most once a minute, and Redis is tried
again after a few seconds. Limits then count per process until Redis is back: weaker, but the
pages, the API and sign-in keep answering. Short socket timeouts (settings.py) keep a Redis
that does not answer from holding requests up.
"""

import base64
import logging
import pickle
import threading
import time
from typing import Any

from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.db import connections, models, router, transaction
from django.utils.timezone import now as tz_now
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


class CounterDatabaseCache(DatabaseCache):
    """Django's database cache, whose `incr` and `decr` are atomic across processes.

    Django's own read the value and write it back, so two workers counting at once may both
    write n + 1. Here the row is locked for the increment (SELECT … FOR UPDATE on PostgreSQL;
    on SQLite the transaction takes the write lock when it begins, settings'
    transaction_mode IMMEDIATE), and its expiry is kept.
    """

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        cache_key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        table = quote(self._table)  # type: ignore[attr-defined]  # set by BaseDatabaseCache
        value_column = quote("value")
        where = f"{quote('cache_key')} = %s"
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {value_column}, {quote('expires')} FROM {table} WHERE {where}{lock}",  # noqa: S608  (quoted names only)
                [cache_key],
            )
            row = cursor.fetchone()
            if row is None:
                raise ValueError(f"Key '{key}' not found.")
            expression = models.Expression(output_field=models.DateTimeField())
            converters = connection.ops.get_db_converters(
                expression
            ) + expression.get_db_converters(connection)
            expires = row[1]
            for converter in converters:
                expires = converter(expires, expression, connection)
            if expires < tz_now():
                raise ValueError(f"Key '{key}' not found.")
            stored = connection.ops.process_clob(row[0])
            value = pickle.loads(base64.b64decode(stored.encode())) + delta  # noqa: S301  (our own rows)
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(
                f"UPDATE {table} SET {value_column} = %s WHERE {where}",  # noqa: S608  (as above)
                [encoded, cache_key],
            )
        return value
