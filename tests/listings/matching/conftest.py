"""Fixtures of the matching tests."""

import pytest

from jobportal.celery import app as celery_app


@pytest.fixture
def queued_tasks():
    """Tasks go through the broker to a worker, not in-process."""
    celery_app.conf.task_always_eager = False
