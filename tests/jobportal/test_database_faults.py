"""A database fault costs a page view a retry, never a 500."""

import os
import subprocess
import sys
from functools import partial
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from jobportal.db import limit_statement_time
from tests.factories import CompanyFactory
from tests.jobportal import urls_db_faults

ROOT = Path(__file__).resolve().parents[2]
on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")


@pytest.fixture
def faulty_site(settings):
    settings.ROOT_URLCONF = "tests.jobportal.urls_db_faults"
    settings.DEBUG = False
    urls_db_faults.calls.clear()
    return Client(raise_request_exception=False)


@pytest.mark.django_db(transaction=True)
def test_a_page_view_whose_connection_drops_runs_again_on_a_new_one(faulty_site):
    CompanyFactory.create_batch(2)

    response = faulty_site.get("/faults/drop-once/")

    assert response.status_code == 200
    assert response.text == "2 companies"
    assert urls_db_faults.calls == ["GET", "GET"]


@pytest.mark.django_db(transaction=True)
def test_a_post_whose_connection_drops_is_not_replayed_and_answers_503(faulty_site):
    response = faulty_site.post("/faults/drop-once/")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Our database is briefly out of reach" in response.text
    assert urls_db_faults.calls == ["POST"]


@pytest.mark.django_db
def test_a_database_that_stays_down_answers_503_with_the_sites_page(faulty_site):
    response = faulty_site.get("/faults/always/")

    assert response.status_code == 503
    assert "We can't answer right now" in response.text
    assert "<title>" in response.text
    assert urls_db_faults.calls == ["GET", "GET", "GET"]


@pytest.fixture
def short_statement_timeout():
    """Connections opened from now on cancel statements after 200 ms."""
    receiver = limit_statement_time(200)
    connection.close()
    yield
    from django.db.backends.signals import connection_created

    connection_created.disconnect(receiver, dispatch_uid="statement-timeout")
    connection.close()


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_a_statement_over_the_web_time_limit_answers_503_and_is_not_retried(
    faulty_site, short_statement_timeout
):
    response = faulty_site.get("/faults/slow/")

    assert response.status_code == 503
    assert "That took too long" in response.text
    assert urls_db_faults.calls == ["GET"]


@on_postgres
@pytest.mark.django_db
def test_web_processes_limit_statement_time_and_other_processes_do_not():
    db = connection.settings_dict
    env = {**os.environ, "DATABASE_URL": f"postgresql://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"}
    script = (
        "import jobportal.wsgi\n"
        "from django.db import connection\n"
        "with connection.cursor() as cursor:\n"
        "    cursor.execute('SHOW statement_timeout')\n"
        "    print(cursor.fetchone()[0])\n"
        "    cursor.execute('SHOW max_parallel_workers_per_gather')\n"
        "    print(cursor.fetchone()[0])\n"
        "    cursor.execute('SHOW random_page_cost')\n"
        "    print(cursor.fetchone()[0])\n"
    )
    run = partial(subprocess.run, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    web = run([sys.executable, "-c", script])
    plain = run(
        [sys.executable, "-c", script.replace("import jobportal.wsgi", "import django; django.setup()")]
    )

    assert web.stdout.split() == ["5s", "0", "1.1"]
    assert plain.stdout.split() == ["0", "2", "4"]
