"""The home page leads to the search: a search box, roles, latest jobs, popular skills."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from listings.models import Job
from tests.factories import JobFactory, RoleFactory

pytestmark = pytest.mark.django_db


def test_the_home_page_has_a_search_box_for_the_job_list(client):
    html = client.get(reverse("home")).text

    assert '<form class="home-search" role="search" method="get" action="/jobs/"' in html
    assert 'name="q"' in html


def test_the_home_page_links_the_roles_and_popular_skills(client):
    RoleFactory(name="Python Backend Developer")
    RoleFactory(name="Hidden", is_published=False)

    html = client.get(reverse("home")).text

    assert '<a href="/jobs/python-backend-developer/">Python Backend Developer jobs</a>' in html
    assert "/jobs/hidden/" not in html
    assert '<a class="chip" href="/jobs/?skills=django">Django</a>' in html
    assert '<a class="chip" href="/jobs/?skills=postgresql">PostgreSQL</a>' in html


def test_the_home_page_shows_the_eight_latest_open_jobs(client):
    jobs = JobFactory.create_batch(10, published=True)
    now = timezone.now()
    for n, job in enumerate(jobs):
        Job.objects.filter(pk=job.pk).update(published_at=now - timedelta(hours=n))
    JobFactory(closed=True, title="Closed job")

    response = client.get(reverse("home"))

    assert [job.title for job in response.context["latest_jobs"]] == [job.title for job in jobs[:8]]
    assert "Closed job" not in response.text
    assert 'href="/jobs/">See every open job</a>' in response.text


@pytest.mark.parametrize("n", [1, 50])
def test_home_page_queries_stay_flat(client, django_assert_num_queries, n):
    RoleFactory()
    JobFactory.create_batch(n, published=True, nice_skills=["docker"])

    # popular skills, roles, latest jobs, their skills
    with django_assert_num_queries(4):
        client.get(reverse("home"))
