"""Job page views, added up in memory and written to the database in batches.

A page view must not write: on SQLite a write inside a page view queues every
other writer behind it, and on PostgreSQL each `view_count + 1` leaves behind a
dead copy of a 4 KB job row and takes a row lock that concurrent viewers of a
popular job wait on. So each process counts views here, and at most every
JOB_VIEWS_FLUSH_SECONDS one request writes what its process counted in a single
short transaction (listings.services.job_views_flush). A crashed process loses
at most those seconds of views.
"""

import threading
import time
from collections import Counter

# Views kept for a database that refuses them, before new ones are dropped.
MAX_PENDING_KEYS = 50_000


class PendingViews:
    """Views per (job id, day) not yet written; safe across threads."""

    def __init__(self):
        self._lock = threading.Lock()
        self._counts = Counter()
        self._last_taken = time.monotonic()

    def add(self, job_id, day):
        with self._lock:
            if len(self._counts) < MAX_PENDING_KEYS or (job_id, day) in self._counts:
                self._counts[(job_id, day)] += 1

    def take(self, *, older_than=0.0):
        """What was counted, emptied out, if the last take was at least
        `older_than` seconds ago (else None): one thread per interval gets the batch."""
        with self._lock:
            now = time.monotonic()
            if not self._counts or now - self._last_taken < older_than:
                return None
            self._last_taken = now
            counts, self._counts = self._counts, Counter()
            return counts

    def give_back(self, counts):
        """A batch the database could not take: count it again with the next one."""
        with self._lock:
            for key, views in counts.items():
                if len(self._counts) < MAX_PENDING_KEYS or key in self._counts:
                    self._counts[key] += views

    def discard(self):
        """Forget what was counted, and start a new interval (tests start each with one:
        a view counted during a test's request isn't written by that same request just
        because an earlier test's batch was taken long ago)."""
        with self._lock:
            self._counts.clear()
            self._last_taken = time.monotonic()

    def __len__(self):
        with self._lock:
            return sum(self._counts.values())


pending_views = PendingViews()
