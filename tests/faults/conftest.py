"""Fault tests: the site through Redis, worker and database faults, and under
concurrent use. Every test in this folder carries the `faults` marker
(`make test-faults` runs only them; `make test`, hence CI, runs them too)."""

import logging
import os
from urllib.parse import urlsplit, urlunsplit

import pytest

from .demo_site import free_port, gunicorn, load_demo_data, manage, production_env, runserver, site_env


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/faults/" in str(item.fspath):
            item.add_marker(pytest.mark.faults)


# --- A copy of the site served by its own process -------------------------------------------


@pytest.fixture(scope="session")
def postgres_database_url():
    """A database of its own on the PostgreSQL server the tests use, dropped at the end."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("needs DATABASE_URL pointing at PostgreSQL (set by .ci/run)")
    import psycopg

    parts = urlsplit(url)
    name = f"jp_faults_{os.getpid()}"
    admin_url = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield urlunsplit(parts._replace(scheme="postgresql", path=f"/{name}"))
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def production_site(tmp_path_factory, postgres_database_url):
    """The site as deployed: gunicorn (2 workers, 4 threads) on PostgreSQL, DEBUG
    off, demo data loaded. Yields its base URL."""
    tmp_path = tmp_path_factory.mktemp("production_site")
    env = production_env(postgres_database_url, tmp_path)
    load_demo_data(env)
    manage(env, "collectstatic", "--noinput", "-v0")
    with gunicorn(env, tmp_path / "server.log") as base_url:
        yield base_url


@pytest.fixture
def make_run_site(tmp_path):
    """What `make run` serves: runserver on a SQLite file, demo data loaded."""
    env = site_env(f"sqlite:///{tmp_path / 'db.sqlite3'}", tmp_path, PORT=str(free_port()))
    load_demo_data(env)
    with runserver(env, tmp_path / "server.log") as base_url:
        yield base_url


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
