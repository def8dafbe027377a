"""Fault tests: the site through Redis, worker and database faults, and under
concurrent use. Every test in this folder carries the `faults` marker
(`make test-faults` runs only them; `make test`, hence CI, runs them too)."""

import logging

import pytest


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/faults/" in str(item.fspath):
            item.add_marker(pytest.mark.faults)


# --- Redis faults: a redis-server of the test's own --------------------------------------


@pytest.fixture
def own_redis(tmp_path):
    """A redis-server on a free port with AOF on, stopped (killed if need be) after the test."""
    from tests.faults.redis_server import RedisServer

    if RedisServer.binary is None:
        pytest.skip("needs redis-server on PATH (apt-get install redis-server)")
    server = RedisServer(tmp_path / "redis")
    server.start()
    yield server
    server.terminate()


@pytest.fixture
def site_on_own_redis(own_redis, settings, caplog):
    """This process's cache and task publishing use `own_redis` (broker on db 0, cache
    on db 1, as settings.py lays them out), tasks are queued, not run in-process, and a
    failed Redis is retried after 1 s instead of 5."""
    from jobportal.celery import app as celery_app
    from jobportal.celery import publisher

    # The outage warnings are asserted on (an in-process Celery worker may have set
    # the root logger to ERROR).
    caplog.set_level(logging.INFO, logger="jobportal.breaker")

    settings.REDIS_URL = own_redis.url(0)
    settings.REDIS_RETRY_AFTER = 1.0
    settings.CACHES = {
        "default": {
            "BACKEND": "jobportal.cache.ResilientRedisCache",
            "LOCATION": own_redis.url(1),
            "OPTIONS": {
                "socket_connect_timeout": settings.REDIS_TIMEOUT,
                "socket_timeout": settings.REDIS_TIMEOUT,
                "RETRY_AFTER": settings.REDIS_RETRY_AFTER,
            },
        }
    }
    conf = celery_app.conf
    saved = conf.broker_url, conf.task_always_eager
    conf.broker_url, conf.task_always_eager = own_redis.url(0), False
    publisher.reset()
    yield own_redis
    own_redis.resume()
    publisher.reset()
    conf.broker_url, conf.task_always_eager = saved
