"""A Redis cache that keeps the site up while Redis is down or stalled.

allauth counts login, signup and password-reset attempts in the cache and takes a
lock there with `cache.add`; with Django's RedisCache a stopped Redis turns each of
those pages into a 500, and a stalled one makes each of them wait for the socket
timeout, several times per request.

ResilientRedisCache answers from a per-process memory cache (LocMemCache) whenever
Redis fails (any redis error: refused, timed out, loading, out of memory...), and a
circuit breaker keeps it there for RETRY_AFTER seconds before trying Redis again.
During an outage, rate limits therefore still hold, per process, instead of failing
open or failing shut, and allauth's lock still works. When Redis answers again the
memory cache is emptied, so nothing from one outage resurfaces in the next.

The price: what is written during an outage stays in that process, and a delete
made then does not reach Redis. This site's cache holds only rate-limit counters
and locks, for which that is harmless.

OPTIONS, besides redis-py's: RETRY_AFTER (seconds, default 5) and
FALLBACK_MAX_ENTRIES (default 10000).
"""

import os
import threading

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

from .breaker import CircuitBreaker

# Django builds one cache object per thread; the breaker is per process and server.
_breakers = {}
_breakers_lock = threading.Lock()


def _after_fork_in_child():
    global _breakers_lock
    _breakers_lock = threading.Lock()


os.register_at_fork(after_in_child=_after_fork_in_child)


def _breaker_for(servers, retry_after):
    name = f"Redis cache at {_without_password(servers[0])}"
    with _breakers_lock:
        breaker = _breakers.get(name)
        if breaker is None:
            breaker = _breakers[name] = CircuitBreaker(name, retry_after=retry_after)
        breaker.retry_after = retry_after
        return breaker


def breakers_reset():
    """Consider every Redis cache up again (tests: one that stopped Redis must not
    leave the next one on the in-process fallback)."""
    with _breakers_lock:
        for breaker in _breakers.values():
            breaker.reset()


def _without_password(url):
    scheme, sep, rest = url.partition("://")
    return f"{scheme}{sep}{rest.rpartition('@')[2]}"


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        retry_after = options.pop("RETRY_AFTER", 5)
        max_entries = options.pop("FALLBACK_MAX_ENTRIES", 10000)
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._breaker = _breaker_for(self._servers, retry_after)
        shared = ("TIMEOUT", "KEY_PREFIX", "VERSION", "KEY_FUNCTION")
        local_params = {name: params[name] for name in shared if name in params}
        local_params["OPTIONS"] = {"MAX_ENTRIES": max_entries}
        self._local = LocMemCache(f"resilient-fallback:{self._servers[0]}", local_params)

    def _call(self, name, *args):
        if self._breaker.allow():
            try:
                result = getattr(super(), name)(*args)
            except RedisError as exc:
                self._breaker.failure(exc)
            else:
                if self._breaker.success():
                    self._local.clear()
                return result
        return getattr(self._local, name)(*args)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version)

    def incr(self, key, delta=1, version=None):
        # A missing key raises ValueError from Redis and from the memory cache alike.
        return self._call("incr", key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version)

    def clear(self):
        self._local.clear()
        return self._call("clear")
