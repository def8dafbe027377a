"""Pages for a signed-in user are never stored by a browser or a shared cache; public pages may be."""

import pytest
from django.urls import reverse

from tests.assertions import assert_resume_download
from tests.factories import ApplicationFactory, JobFactory, SeekerProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def job():
    return JobFactory(published=True)


def test_a_seekers_pages_are_private_and_not_stored(client, job):
    seeker = UserFactory(seeker=True)
    SeekerProfileFactory(user=seeker)
    client.force_login(seeker)

    for url in [
        reverse("home"),
        reverse("applications:list"),
        reverse("accounts:profile"),
        reverse("accounts:settings"),
        job.get_absolute_url(),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store", url


def test_an_employers_dashboard_and_pipeline_are_private_and_not_stored(member_client, company):
    job = JobFactory(published=True, company=company)
    ApplicationFactory(job=job)

    for url in [
        reverse("employer:dashboard"),
        reverse("employer:job_applicants", args=[job.pk]),
    ]:
        response = member_client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store", url


def test_resume_downloads_keep_their_own_headers(client):
    seeker = UserFactory(seeker=True)
    SeekerProfileFactory(user=seeker, with_resume=True)
    client.force_login(seeker)

    response = client.get(reverse("accounts:profile_resume"))

    assert_resume_download(response, "my-cv.pdf")


def test_public_pages_for_anonymous_visitors_stay_cacheable(client, job):
    for url in [
        reverse("home"),
        reverse("listings:job_list"),
        job.get_absolute_url(),
        reverse("robots_txt"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Cache-Control" not in response, url
    # A response that never looked at the session doesn't start to vary on it.
    assert "Vary" not in client.get(reverse("robots_txt"))


def test_an_anonymous_visitor_with_a_session_gets_no_private_header(client, job):
    # A session exists (e.g. after logging out) but nobody is signed in.
    client.force_login(UserFactory())
    client.post(reverse("account_logout"))

    response = client.get(job.get_absolute_url())

    assert "Cache-Control" not in response
