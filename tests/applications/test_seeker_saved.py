"""Saved jobs: save and unsave with htmx or a plain form, the saved-jobs page, and who may."""

import re

import pytest
from django.urls import reverse

from applications.models import SavedJob
from tests.factories import ApplicationFactory, CompanyFactory, JobFactory, UserFactory, employer_of

pytestmark = pytest.mark.django_db

SAVED = reverse("applications:saved")
HTMX = {"HX-Request": "true"}


def save_url(job):
    return reverse("applications:job_save", args=[job.pk])


def unsave_url(job):
    return reverse("applications:job_unsave", args=[job.pk])


def cards_by_title(html):
    """{job title: the HTML of its card}, each card from <article> to </article>."""
    cards = re.findall(r'<article class="job-card">.*?</article>', html, flags=re.S)
    return {re.search(r'job-card__title"><a [^>]*>([^<]+)</a>', card).group(1): card for card in cards}


def messages_on(response):
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def seeker():
    return UserFactory(seeker=True)


@pytest.fixture
def job():
    return JobFactory(published=True, title="Celery Wrangler")


# --- Saving and unsaving ------------------------------------------------------------------


def test_htmx_save_swaps_in_the_saved_button(seeker_client, seeker, job):
    response = seeker_client.post(save_url(job), headers=HTMX)

    assert response.status_code == 200
    assert SavedJob.objects.filter(user=seeker, job=job).exists()
    html = response.text.strip()
    assert html.startswith(f'<span id="save-button-{job.pk}" class="save-button">')
    assert "★ Saved" in html
    assert f'hx-post="{unsave_url(job)}"' in html
    assert "<html" not in html


def test_htmx_unsave_swaps_in_the_save_button(seeker_client, seeker, job):
    SavedJob.objects.create(user=seeker, job=job)

    response = seeker_client.post(unsave_url(job), headers=HTMX)

    assert not SavedJob.objects.exists()
    assert "☆ Save" in response.text
    assert f'hx-post="{save_url(job)}"' in response.text


def test_saving_twice_keeps_one_bookmark(seeker_client, job):
    seeker_client.post(save_url(job), headers=HTMX)
    seeker_client.post(save_url(job), headers=HTMX)

    assert SavedJob.objects.count() == 1


def test_a_plain_post_goes_back_to_the_page_it_came_from(seeker_client, seeker, job):
    response = seeker_client.post(save_url(job), {"next": "/jobs/?q=celery"}, follow=True)

    assert response.redirect_chain == [("/jobs/?q=celery", 302)]
    assert messages_on(response) == ["Saved “Celery Wrangler”. Find it under Saved jobs."]
    assert SavedJob.objects.filter(user=seeker, job=job).exists()


@pytest.mark.parametrize(
    "next_url", ["https://evil.example.com/", "//evil.example.com/", "javascript:alert(1)", ""]
)
def test_a_plain_post_never_redirects_off_site(seeker_client, job, next_url):
    response = seeker_client.post(unsave_url(job), {"next": next_url})

    assert response["Location"] == job.get_absolute_url()


def test_posted_user_and_job_fields_are_ignored(seeker_client, seeker, job):
    other_user, other_job = UserFactory(seeker=True), JobFactory(published=True)

    seeker_client.post(save_url(job), {"user": other_user.pk, "job": other_job.pk}, headers=HTMX)

    assert list(SavedJob.objects.values_list("user", "job")) == [(seeker.pk, job.pk)]


def test_unsaving_leaves_other_seekers_bookmarks_alone(seeker_client, job):
    theirs = SavedJob.objects.create(user=UserFactory(seeker=True), job=job)

    seeker_client.post(unsave_url(job), headers=HTMX)

    assert list(SavedJob.objects.all()) == [theirs]


@pytest.mark.parametrize("traits", [{}, {"pending": True}, {"rejected": True}])
def test_an_unpublished_job_is_404_and_not_saved(seeker_client, traits):
    job = JobFactory(**traits)

    assert seeker_client.post(save_url(job), headers=HTMX).status_code == 404
    assert seeker_client.post(save_url(job)).status_code == 404
    assert not SavedJob.objects.exists()


def test_saving_needs_post(seeker_client, job):
    assert seeker_client.get(save_url(job)).status_code == 405
    assert not SavedJob.objects.exists()


# --- Who may save ---------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in_and_back(client, job):
    response = client.post(save_url(job), {"next": "/jobs/?q=celery"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/jobs/%3Fq%3Dcelery"
    assert not SavedJob.objects.exists()


def test_an_anonymous_post_without_next_comes_back_to_the_job(client, job):
    response = client.post(save_url(job))

    assert response["Location"] == f"/accounts/login/?next=/jobs/{job.pk}/"


def test_anonymous_htmx_saves_redirect_the_whole_page_to_log_in(client, job):
    response = client.post(
        save_url(job), headers={**HTMX, "HX-Current-URL": "http://testserver/jobs/?q=celery"}
    )

    assert response.status_code == 200
    assert response["HX-Redirect"] == "/accounts/login/?next=/jobs/%3Fq%3Dcelery"
    assert not SavedJob.objects.exists()


def test_anonymous_htmx_redirects_ignore_a_foreign_current_url(client, job):
    response = client.post(save_url(job), headers={**HTMX, "HX-Current-URL": "https://evil.example.com/"})

    assert response["HX-Redirect"] == f"/accounts/login/?next=/jobs/{job.pk}/"


def test_employers_cannot_save_jobs(client, job):
    client.force_login(UserFactory(employer=True))

    response = client.post(save_url(job), headers=HTMX)

    assert response.status_code == 403
    assert not SavedJob.objects.exists()


# --- Buttons on the job list and the job page ---------------------------------------------------


def test_the_job_list_marks_the_jobs_the_seeker_saved(seeker_client, seeker):
    saved, other = JobFactory(published=True), JobFactory(published=True)
    SavedJob.objects.create(user=seeker, job=saved)

    html = seeker_client.get(reverse("listings:job_list")).text

    assert f'hx-post="{unsave_url(saved)}"' in html
    assert f'hx-post="{save_url(other)}"' in html
    # The cards sit inside the search form; the buttons submit a form of their own.
    assert 'form="save-job-form"' in html
    assert '<form id="save-job-form" method="post"' in html


@pytest.mark.parametrize("n", [1, 30])
def test_save_buttons_add_one_query_to_the_job_list_whatever_its_length(
    seeker_client, seeker, django_assert_num_queries, n
):
    for job in JobFactory.create_batch(n, published=True):
        SavedJob.objects.create(user=seeker, job=job)

    # session, user, skill taxonomy, count, page, skills prefetch, saved ids
    with django_assert_num_queries(7):
        response = seeker_client.get(reverse("listings:job_list"))

    assert response.text.count("★ Saved") == min(n, 20)


def test_anonymous_visitors_see_save_as_a_log_in_link_back_to_the_job(client, job):
    html = client.get(reverse("listings:job_list")).text

    assert f'href="/accounts/login/?next={job.get_absolute_url()}%3Fthen%3Dsave">☆ Save' in html
    assert "hx-post" not in html


def test_employers_see_no_save_buttons(client, job):
    client.force_login(UserFactory(employer=True))

    html = client.get(reverse("listings:job_list")).text

    assert "save-button" not in html
    assert "save-job-form" not in html


def test_the_job_page_has_a_save_button_for_seekers(seeker_client, seeker, job):
    SavedJob.objects.create(user=seeker, job=job)

    html = seeker_client.get(job.get_absolute_url()).text

    assert f'hx-post="{unsave_url(job)}"' in html


def test_the_company_page_shows_save_buttons(seeker_client, job):
    html = seeker_client.get(job.company.get_absolute_url()).text

    assert f'hx-post="{save_url(job)}"' in html


# --- The saved-jobs page ----------------------------------------------------------------------


def test_the_saved_jobs_page_lists_saved_jobs_and_marks_closed_ones(seeker_client, seeker):
    open_job = JobFactory(published=True, title="Open Role")
    closed_job = JobFactory(closed=True, title="Closed Role")
    expired_job = JobFactory(expired=True, title="Expired Role")
    applied_job = JobFactory(published=True, title="Applied Role")
    JobFactory(published=True, title="Not Saved Role")
    for job in (open_job, closed_job, expired_job, applied_job):
        SavedJob.objects.create(user=seeker, job=job)
    ApplicationFactory(seeker=seeker, job=applied_job)

    response = seeker_client.get(SAVED)

    html = response.text
    assert response.status_code == 200
    assert "Not Saved Role" not in html
    cards = cards_by_title(html)
    assert "No longer taking applications" not in cards["Open Role"]
    assert "No longer taking applications." in cards["Closed Role"]
    assert "No longer taking applications." in cards["Expired Role"]
    # Each note sits inside its own card.
    assert '<span class="badge badge--ok">Applied</span>' in cards["Applied Role"]
    assert html.count('<span class="badge badge--ok">Applied</span>') == 1
    assert html.count("★ Saved") == 4


def test_the_applied_badge_goes_after_a_withdrawal_and_comes_back_with_a_new_application(
    seeker_client, seeker
):
    job = JobFactory(published=True, title="Withdrawn Role")
    SavedJob.objects.create(user=seeker, job=job)
    ApplicationFactory(seeker=seeker, job=job, status="withdrawn")

    assert 'badge--ok">Applied' not in cards_by_title(seeker_client.get(SAVED).text)["Withdrawn Role"]

    ApplicationFactory(seeker=seeker, job=job)
    assert 'badge--ok">Applied' in cards_by_title(seeker_client.get(SAVED).text)["Withdrawn Role"]


def test_another_seekers_saved_jobs_are_not_shown(seeker_client):
    SavedJob.objects.create(user=UserFactory(seeker=True), job=JobFactory(published=True, title="Theirs"))

    response = seeker_client.get(SAVED)

    assert "Theirs" not in response.text
    assert "No saved jobs" in response.text


@pytest.mark.parametrize("n", [1, 30])
def test_the_saved_jobs_page_query_count_is_flat(seeker_client, seeker, django_assert_num_queries, n):
    company = CompanyFactory()
    employer_of(company)
    for job in JobFactory.create_batch(n, published=True, company=company):
        SavedJob.objects.create(user=seeker, job=job)

    # session, user, saves with jobs and companies, skills, applied ids
    with django_assert_num_queries(5):
        seeker_client.get(SAVED)


def test_the_saved_jobs_page_needs_a_seeker(client):
    assert client.get(SAVED)["Location"] == f"/accounts/login/?next={SAVED}"
    client.force_login(UserFactory(employer=True))
    assert client.get(SAVED).status_code == 403
