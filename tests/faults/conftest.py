"""Fault tests: the site through Redis, worker and database faults, and under
concurrent use. Every test in this folder carries the `faults` marker
(`make test-faults` runs only them; `make test`, hence CI, runs them too)."""

import os
from urllib.parse import urlsplit, urlunsplit

import pytest

from .demo_site import free_port, gunicorn, load_demo_data, manage, production_env, runserver, site_env


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/faults/" in str(item.fspath):
            item.add_marker(pytest.mark.faults)


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
