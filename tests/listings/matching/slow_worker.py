"""The Celery app of the killed-worker test (test_worker.py): the site's own
app, in a worker that pauses before each batch of match rows it writes, so the test
can kill it between two batches. The pause is the test's, patched into its own
worker process here; the site has no setting for it.

    celery -A tests.listings.matching.slow_worker worker ...   (SLOW_MATCHING_PAUSE=0.3)
"""

import os
import time
from functools import wraps

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobportal.settings")
django.setup()

from jobportal.celery import app  # noqa: E402
from listings.services import matching  # noqa: E402

PAUSE = float(os.environ.get("SLOW_MATCHING_PAUSE", "0.3"))


def paused(upsert):
    """The upsert of one batch, after a pause: the previous batch is committed by then,
    and no transaction is open yet (Django's atomic() sends nothing before a query)."""

    @wraps(upsert)
    def upsert_after_a_pause(rows, now):
        time.sleep(PAUSE)
        return upsert(rows, now)

    return upsert_after_a_pause


matching._matches_upsert_copy = paused(matching._matches_upsert_copy)
matching._matches_upsert_bulk_create = paused(matching._matches_upsert_bulk_create)

__all__ = ["app"]
