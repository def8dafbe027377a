"""A per-process circuit breaker for Redis (the cache and task publishing).

After a failure the breaker opens: callers skip Redis for `retry_after` seconds and
take their fallback at once, so a stalled Redis costs one short timeout per window,
not one per call. The first call after the window tries Redis again. One warning is
logged when an outage starts and one line when Redis answers again: an outage is two
log lines per process, not one per request.
"""

import logging
import os
import threading
import time
import weakref

logger = logging.getLogger(__name__)


class CircuitBreaker:
    def __init__(self, name, *, retry_after):
        self.name = name
        self.retry_after = retry_after
        self._lock = threading.Lock()
        self._open_until = None  # monotonic time; None while closed
        self._down_since = None
        _breakers.add(self)

    @property
    def is_open(self):
        return self._open_until is not None

    def allow(self):
        """Whether to try Redis now: closed, or open with its window elapsed."""
        open_until = self._open_until
        return open_until is None or time.monotonic() >= open_until

    def failure(self, exc):
        with self._lock:
            now = time.monotonic()
            starting = self._open_until is None
            self._open_until = now + self.retry_after
            if starting:
                self._down_since = now
        if starting:
            logger.warning(
                "%s unreachable (%s: %s); skipping it for %ss at a time until it answers",
                self.name,
                type(exc).__name__,
                exc,
                self.retry_after,
            )
        else:
            logger.debug("%s still unreachable: %r", self.name, exc)

    def success(self):
        """Returns True when this call closed an open breaker (Redis is back)."""
        if self._open_until is None:
            return False
        with self._lock:
            if self._open_until is None:
                return False
            down_for = time.monotonic() - self._down_since
            self._open_until = self._down_since = None
        logger.info("%s answers again, after %.1fs", self.name, down_for)
        return True

    def reset(self):
        with self._lock:
            self._open_until = self._down_since = None


_breakers = weakref.WeakSet()


def _after_fork_in_child():
    # A lock held by another thread of the parent at fork time would never be released.
    for breaker in list(_breakers):
        breaker._lock = threading.Lock()


os.register_at_fork(after_in_child=_after_fork_in_child)
