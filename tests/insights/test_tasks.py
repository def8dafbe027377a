"""Computing the insights: the nightly task, the management command, the stored rows."""

import importlib
from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from insights.models import RoleInsights
from insights.services import insights_compute_all
from insights.tasks import insights_compute_task
from tests.factories import CompanyFactory, JobFactory, RoleFactory

pytestmark = pytest.mark.django_db

on_postgres = connection.vendor == "postgresql"


@pytest.fixture
def jobs(role):
    for company in CompanyFactory.create_batch(3):
        JobFactory.create_batch(2, published=True, company=company, required_skills=["django"])
    JobFactory(published=True, required_skills=["kafka"])


def stored():
    return {
        row.scope: (row.role_id, row.jobs, row.salary, row.skills, row.demand)
        for row in RoleInsights.objects.all()
    }


def test_the_command_computes_a_row_for_all_jobs_and_one_per_published_role(jobs, role):
    RoleFactory(name="Hidden Role", is_published=False, skills=["kafka"])
    out = StringIO()

    call_command("compute_insights", stdout=out)

    assert "Computed insights for 2 scopes" in out.getvalue()
    rows = stored()
    assert set(rows) == {"all", f"role-{role.pk}"}
    assert rows["all"][:2] == (None, 7)
    assert rows[f"role-{role.pk}"][:2] == (role.pk, 6)
    assert rows[f"role-{role.pk}"][2]["overall"]["p50"] == 86_400


def test_the_nightly_task_is_scheduled_and_idempotent(jobs, role):
    schedule = settings.CELERY_BEAT_SCHEDULE["insights-compute"]
    assert schedule["task"] == insights_compute_task.name

    assert insights_compute_task.delay().get() == 2
    first = stored()
    assert insights_compute_task.delay().get() == 2

    assert stored() == first
    assert RoleInsights.objects.count() == 2


def test_a_role_no_longer_published_loses_its_figures_and_a_new_one_gets_them(jobs, role):
    insights_compute_all()
    role.is_published = False
    role.save()
    new_role = RoleFactory(name="Data Engineer", skills=["kafka"])

    insights_compute_all()

    assert set(stored()) == {"all", f"role-{new_role.pk}"}
    assert RoleInsights.objects.for_role_page(new_role).jobs == 1


def test_the_figures_follow_the_listings_at_each_run(jobs, role):
    insights_compute_all()
    JobFactory.create_batch(3, published=True, required_skills=["django"])

    insights_compute_all()

    assert RoleInsights.objects.for_role_page(role).jobs == 9
    assert RoleInsights.objects.count() == 2


def test_the_demo_seed_computes_the_insights_so_make_run_shows_them(client):
    out = StringIO()
    call_command("seed_demo", jobs=60, stdout=out)

    assert "Computed the salary and skill insights of 2 scopes." in out.getvalue()
    role = RoleInsights.objects.get(role__slug="python-backend-developer")
    assert role.jobs >= 60
    assert "p50" in role.salary["overall"]
    response = client.get("/jobs/python-backend-developer/")
    assert "Median: <strong>" in response.text
    assert "<svg" in response.text


@pytest.mark.django_db(transaction=True)
def test_a_run_outside_any_transaction_reads_one_snapshot_and_writes_its_rows():
    # Transactional tests before this one may have flushed the data migration's skills.
    importlib.import_module("listings.migrations.0003_skill_taxonomy").load_skills(apps, None)
    role = RoleFactory(name="Python Backend Developer", skills=["django"])
    JobFactory.create_batch(2, published=True, required_skills=["django"])

    with CaptureQueriesContext(connection) as captured:
        assert insights_compute_task.delay().get() == 2

    assert RoleInsights.objects.for_role_page(role).jobs == 2
    snapshot = [query["sql"] for query in captured.captured_queries if "ISOLATION LEVEL" in query["sql"]]
    assert snapshot == (["SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"] if on_postgres else [])
