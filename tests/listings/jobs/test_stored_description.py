"""A job's description is converted from Markdown when it is saved, never per request:
job pages, JSON-LD, feeds and meta descriptions show what was stored."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from listings.models import Job
from listings.services.jobs import job_update
from tests.factories import JobFactory, employer_of

pytestmark = pytest.mark.django_db

MARKDOWN = "## The work\n\nBuild **APIs** & queues. <img src=x onerror=alert(1)>\n\n- Django\n- Celery\n"


def test_creating_and_editing_a_job_store_its_html_and_text():
    job = JobFactory(description=MARKDOWN)
    member = employer_of(job.company)

    assert "<h2>The work</h2>" in job.description_html
    assert "<strong>APIs</strong> &amp; queues." in job.description_html
    assert "<img" not in job.description_html
    assert job.description_text == "The work Build APIs & queues. Django Celery"

    fields = {
        name: getattr(job, name) for name in ("title", "level", "work_mode", "salary_min", "salary_max")
    }
    job_update(job=job, by=member, fields={**fields, "description": "Now *Flask* only."}, required_skills=[])

    job.refresh_from_db()
    assert job.description_html == "<p>Now <em>Flask</em> only.</p>"
    assert job.description_text == "Now Flask only."


def stored_differently(job):
    """Store HTML and text that Markdown would not give, to see which one pages show."""
    Job.objects.filter(pk=job.pk).update(
        description_html="<p>Stored HTML marker</p>", description_text="Stored text marker"
    )


def test_the_job_page_and_its_json_ld_show_the_stored_html(client):
    job = JobFactory(published=True, description=MARKDOWN)
    stored_differently(job)

    html = client.get(job.get_absolute_url()).text

    assert "<p>Stored HTML marker</p>" in html
    assert "Stored text marker" in html  # the meta description
    assert "\\u003Cp\\u003EStored HTML marker\\u003C/p\\u003E" in html  # JSON-LD


def test_the_feed_shows_the_stored_text(client):
    job = JobFactory(published=True, description=MARKDOWN)
    stored_differently(job)

    feed = client.get(reverse("listings:job_feed")).text

    assert "Stored text marker" in feed


# --- The migration that filled existing jobs ---------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_existing_jobs_get_their_html_and_text():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate([("listings", "0014_search_vector_inline")])
    old = executor.loader.project_state([("listings", "0014_search_vector_inline")]).apps
    Company, OldJob = old.get_model("listings", "Company"), old.get_model("listings", "Job")
    company = Company.objects.create(name="Acme", slug="acme")
    pk = OldJob.objects.create(
        company=company,
        title="Dev",
        description=MARKDOWN,
        level="mid",
        work_mode="remote",
        salary_min=1,
        salary_max=2,
        published_at=timezone.now(),
    ).pk

    executor.loader.build_graph()
    executor.migrate(latest)

    job = Job.objects.get(pk=pk)
    assert "<strong>APIs</strong>" in job.description_html
    assert job.description_text == "The work Build APIs & queues. Django Celery"
