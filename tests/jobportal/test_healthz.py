import os

import pytest
from django.db import connection
from django.urls import reverse

from tests.conftest import requires_redis


@pytest.mark.django_db
def test_healthz_ok_when_database_answers(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json()["checks"]["database"] == "ok"
    assert response["Cache-Control"].startswith("max-age=0")


@requires_redis
@pytest.mark.django_db
def test_healthz_checks_redis_when_configured(client, settings):
    settings.REDIS_URL = os.environ["REDIS_URL"]

    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "redis": "ok"}


@pytest.mark.django_db
def test_healthz_reports_redis_down_as_degraded_but_keeps_the_host_in_service(client, settings):
    """Without Redis the site still serves pages; a load balancer must not take every
    web host out of service for it."""
    settings.REDIS_URL = "redis://127.0.0.1:9/0"

    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "checks": {"database": "ok", "redis": "failing"}}


@pytest.fixture
def database_unreachable(transactional_db):
    """Point the default connection at a database that does not answer.

    The live connection is set aside rather than closed: closing would destroy
    SQLite's in-memory test database.
    """
    saved_settings = dict(connection.settings_dict)
    live_connection = connection.connection
    connection.connection = None
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = "/nonexistent-dir/db.sqlite3"
    else:
        connection.settings_dict.update(HOST="127.0.0.1", PORT="9")
    yield
    connection.close()
    connection.settings_dict.clear()
    connection.settings_dict.update(saved_settings)
    connection.connection = live_connection


def test_healthz_503_when_database_is_unreachable(client, database_unreachable):
    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "failing"


def test_healthz_is_exempt_from_ssl_redirect(client, settings, db):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get(reverse("home")).status_code == 301
    assert client.get(reverse("healthz")).status_code == 200
