"""Save or Apply before logging in: the login finishes what was asked (the job saved, the
apply form open), and only a login being sent (a POST with its CSRF token) saves."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from applications.intents import save_after_login_url
from applications.models import SavedJob
from tests.factories import TEST_PASSWORD, CompanyFactory, JobFactory, UserFactory, employer_of

pytestmark = pytest.mark.django_db

PASSWORD = "blue-Pelican-42-harbour"


@pytest.fixture
def job():
    return JobFactory(published=True, title="Queue Whisperer")


def login(client, user, next_url):
    return client.post(
        reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD, "next": next_url}
    )


def test_a_visitors_save_and_apply_links_carry_the_intent_through_login(client, job):
    html = client.get(job.get_absolute_url()).text

    save_next = f"{job.get_absolute_url()}%3Fthen%3Dsave"
    assert f'href="/accounts/login/?next={save_next}"' in html
    apply_next = reverse("applications:apply", args=[job.pk])
    assert f'href="/accounts/login/?next={apply_next}"' in html
    assert f'href="/accounts/signup/?next={apply_next}"' in html


def test_logging_in_from_save_saves_the_job_and_returns_to_it(client, job):
    seeker = UserFactory(seeker=True)

    response = login(client, seeker, save_after_login_url(job))

    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    assert SavedJob.objects.filter(user=seeker, job=job).exists()
    page = client.get(response["Location"])
    assert "Saved “Queue Whisperer”. Find it under Saved jobs." in page.text
    assert "★ Saved" in page.text


def test_logging_in_from_apply_opens_the_apply_form(client, job):
    seeker = UserFactory(seeker=True)
    apply_url = reverse("applications:apply", args=[job.pk])

    response = login(client, seeker, apply_url)

    assert response["Location"] == apply_url
    assert 'name="cover_letter"' in client.get(apply_url).text


def test_opening_the_intent_url_while_logged_in_writes_nothing(client, job):
    seeker = UserFactory(seeker=True)
    client.force_login(seeker)

    response = client.get(save_after_login_url(job))

    assert response.status_code == 200
    assert not SavedJob.objects.exists()


@pytest.mark.parametrize("case", ["employer", "closed job", "another page"])
def test_the_intent_is_dropped_where_it_does_not_apply(client, case):
    job = JobFactory(closed=True) if case == "closed job" else JobFactory(published=True)
    user = employer_of(CompanyFactory()) if case == "employer" else UserFactory(seeker=True)
    next_url = "/jobs/?then=save" if case == "another page" else save_after_login_url(job)

    response = login(client, user, next_url)

    assert response.status_code == 302
    assert "then=save" not in response["Location"]
    assert not SavedJob.objects.exists()


def test_signing_up_from_save_saves_the_job_once_the_email_is_confirmed(client, on_commit, job):
    with on_commit():
        client.post(
            reverse("account_signup"),
            {
                "email": "new@example.com",
                "full_name": "New Seeker",
                "role": "seeker",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "next": save_after_login_url(job),
            },
        )
    confirm_path = re.search(r"https?://testserver(/accounts/confirm-email/\S+)", mail.outbox[-1].body).group(
        1
    )

    response = client.post(confirm_path)

    assert response["Location"] == job.get_absolute_url()
    assert SavedJob.objects.filter(user__email="new@example.com", job=job).exists()


def test_confirming_in_another_browser_saves_nothing(on_commit, job):
    signup_client = Client()
    with on_commit():
        signup_client.post(
            reverse("account_signup"),
            {
                "email": "new@example.com",
                "full_name": "New Seeker",
                "role": "seeker",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "next": save_after_login_url(job),
            },
        )
    confirm_path = re.search(r"https?://testserver(/accounts/confirm-email/\S+)", mail.outbox[-1].body).group(
        1
    )

    Client().post(confirm_path)

    assert not SavedJob.objects.exists()
