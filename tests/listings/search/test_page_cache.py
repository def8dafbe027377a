"""Whole pages for visitors without a session come from the cache, and no change they
could see waits for the cache to expire (listings/page_cache.py)."""

import pytest
from django.contrib.admin.sites import site as admin_site
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from listings.models import Job, Role
from listings.services.expiry import jobs_expire_due
from listings.services.job_views import job_views_flush
from listings.services.jobs import job_close
from listings.services.moderation import company_verify
from tests.factories import JobFactory, RoleFactory, UserFactory, employer_of

pytestmark = pytest.mark.django_db

JOB_LIST = reverse("listings:job_list")


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()


def test_a_visitors_second_request_is_served_without_touching_the_database(client, django_assert_num_queries):
    JobFactory(published=True, title="Django Developer")
    first = client.get(JOB_LIST, {"q": "django"})

    with django_assert_num_queries(0):
        second = client.get(JOB_LIST, {"q": "django"})

    assert second.status_code == 200
    assert second.content == first.content
    assert "Cookie" in second["Vary"]
    assert "HX-Request" in second["Vary"]


def test_the_page_and_its_htmx_fragment_are_kept_apart(client):
    JobFactory(published=True, title="Django Developer")
    page = client.get(JOB_LIST)
    fragment = client.get(JOB_LIST, headers={"HX-Request": "true"})

    assert "<html" in page.text
    assert "<html" not in fragment.text
    assert "<html" in client.get(JOB_LIST).text


def test_closing_a_job_takes_it_off_the_cached_pages_at_once(client, on_commit):
    job = JobFactory(published=True, title="Django Developer")
    member = employer_of(job.company)
    assert "Django Developer" in client.get(JOB_LIST).text

    with on_commit():
        job_close(job=job, by=member, reason=Job.CloseReason.FILLED)

    assert "Django Developer" not in client.get(JOB_LIST).text
    assert "Django Developer" not in client.get(reverse("home")).text


def test_expiry_and_verification_refresh_the_cached_pages(client, on_commit):
    job = JobFactory(published=True, title="Django Developer")
    assert "Verified" not in client.get(JOB_LIST).text

    with on_commit():
        company_verify(company=job.company, by=UserFactory(staff=True))
    assert "Verified" in client.get(JOB_LIST).text

    Job.objects.filter(pk=job.pk).update(closing_date=job.closing_date.replace(year=2000))
    with on_commit():
        jobs_expire_due()
    assert "Django Developer" not in client.get(JOB_LIST).text


def test_a_role_edited_in_the_admin_shows_at_once(client, on_commit):
    role = RoleFactory(name="Python Backend Developer", skills=["django"])
    url = role.get_absolute_url()
    assert "APIs all day" not in client.get(url).text

    role.intro = "APIs all day."
    request = RequestFactory().post("/admin/")
    with on_commit():
        admin_site._registry[Role].save_model(request, role, form=None, change=True)

    assert "APIs all day" in client.get(url).text


def test_signed_in_people_get_their_own_page_never_a_cached_one(client):
    JobFactory(published=True, title="Django Developer")
    client.get(JOB_LIST)  # cached for visitors
    seeker = UserFactory()
    client.force_login(seeker)

    html = client.get(JOB_LIST).text

    assert seeker.email in html or "Log out" in html
    assert "X-CSRFToken" in html


def test_a_visitor_with_a_flash_message_gets_a_fresh_page(client):
    JobFactory(published=True)
    client.get(JOB_LIST)
    client.cookies["messages"] = "something to show"

    with CaptureQueriesContext(connection) as queries:
        response = client.get(JOB_LIST)

    assert response.status_code == 200
    assert len(queries) > 0  # rendered, not served from the cache


def test_pages_that_set_a_cookie_are_not_kept(client):
    # The login page sets the CSRF cookie: it is not a cached view, and a view that
    # answers with a cookie is never stored (checked on the home page's decorator).
    from listings.page_cache import cached_for_visitors

    calls = []

    def view(request):
        from django.http import HttpResponse

        calls.append(1)
        response = HttpResponse("hello")
        response.set_cookie("a", "b")
        return response

    cached = cached_for_visitors(view)
    request = RequestFactory().get("/x/")
    cached(request)
    cached(request)

    assert calls == [1, 1]


def test_sitemaps_are_kept_for_crawlers_for_an_hour_whatever_changes(client, settings, on_commit):
    settings.SITEMAP_CACHE_SECONDS = 3600
    job = JobFactory(published=True)
    first = client.get("/sitemap-jobs.xml")
    assert job.get_absolute_url() in first.text

    with on_commit():
        job_close(job=job, by=employer_of(job.company), reason=Job.CloseReason.FILLED)

    # A crawler reads the sitemap every few hours: an hour-old one is fine, and it
    # isn't rebuilt after every publication on a busy board.
    assert client.get("/sitemap-jobs.xml").content == first.content
    settings.SITEMAP_CACHE_SECONDS = 0
    assert job.get_absolute_url() not in client.get("/sitemap-jobs.xml").text


def test_a_job_page_comes_from_the_cache_and_counts_the_view(client, settings, django_assert_num_queries):
    settings.JOB_VIEWS_FLUSH_SECONDS = 3600  # counted in memory, written later
    job = JobFactory(published=True, description="We build **APIs**.")
    first = client.get(job.get_absolute_url())
    assert not first.cookies  # nothing to post: no CSRF cookie, so the page can be kept

    with django_assert_num_queries(0):
        second = client.get(job.get_absolute_url())

    assert second.content == first.content
    job_views_flush()
    job.refresh_from_db()
    assert job.view_count == 2


def test_a_closed_job_page_is_never_served_from_the_cache(client, on_commit):
    job = JobFactory(published=True)
    assert client.get(job.get_absolute_url()).status_code == 200

    with on_commit():
        job_close(job=job, by=employer_of(job.company), reason=Job.CloseReason.FILLED)

    assert client.get(job.get_absolute_url()).status_code == 410


def test_signed_in_searches_reuse_the_count_until_a_job_changes(client, on_commit):
    client.force_login(UserFactory())
    job = JobFactory(published=True, title="Django Developer")
    JobFactory(published=True, title="Django Engineer")
    assert client.get(JOB_LIST, {"q": "django"}).context["result_count"] == 2

    with CaptureQueriesContext(connection) as queries:
        response = client.get(JOB_LIST, {"q": "django"})
    assert response.context["result_count"] == 2
    assert not [query for query in queries if "COUNT(" in query["sql"]]

    with on_commit():
        job_close(job=job, by=employer_of(job.company), reason=Job.CloseReason.FILLED)
    assert client.get(JOB_LIST, {"q": "django"}).context["result_count"] == 1


def test_a_deploy_running_migrate_drops_the_previous_releases_pages(client):
    JobFactory(published=True, title="Django Developer")
    client.get(JOB_LIST)
    before = cache.get("public-pages:version")

    call_command("migrate", verbosity=0)

    assert cache.get("public-pages:version") != before
