"""A body larger than any form needs is refused with 413 before anything reads it."""

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import SeekerProfile
from applications.models import Application
from tests.factories import JobFactory, SeekerProfileFactory, UserFactory, pdf_upload

pytestmark = pytest.mark.django_db

OVERSIZED_PDF = 7 * 1024 * 1024


@pytest.fixture
def profile():
    return SeekerProfileFactory(user=UserFactory(seeker=True), with_resume=True, headline="Django developer")


@pytest.fixture
def seeker(profile):
    return profile.user


def assert_site_413_page(response):
    assert response.status_code == 413
    assert "<html" in response.text
    assert "too large" in response.text
    assert "5 MB" in response.text


def test_the_limit_leaves_room_for_a_5_mb_resume_and_the_form_around_it():
    assert 5 * 1024 * 1024 < settings.MAX_REQUEST_BODY_BYTES < OVERSIZED_PDF


def test_an_oversized_application_is_refused_and_nothing_is_saved(seeker_client, profile):
    job = JobFactory(published=True)
    stored_resume = profile.resume.name

    response = seeker_client.post(
        reverse("applications:apply", args=[job.pk]),
        {"cover_letter": "Hello", "resume_choice": "upload", "resume": pdf_upload(size=OVERSIZED_PDF)},
    )

    assert_site_413_page(response)
    assert not Application.objects.exists()
    profile.refresh_from_db()
    assert profile.resume.name == stored_resume
    assert profile.resume.storage.exists(stored_resume)


def test_an_oversized_profile_upload_is_refused_and_the_profile_is_kept(seeker_client, profile):
    stored_resume = profile.resume.name

    response = seeker_client.post(
        reverse("accounts:profile"),
        {"headline": "Changed", "desired_currency": "EUR", "resume": pdf_upload(size=OVERSIZED_PDF)},
    )

    assert_site_413_page(response)
    profile.refresh_from_db()
    assert profile.headline == "Django developer"
    assert profile.resume.name == stored_resume
    assert profile.resume.storage.exists(stored_resume)


@pytest.mark.parametrize("url_name", ["applications:apply", "accounts:profile"])
def test_the_body_is_not_read_at_all(seeker_client, profile, url_name):
    # Only the declared length is over the limit: reading the body would fail
    # (the test client refuses to read past what was sent).
    job = JobFactory(published=True)
    url = reverse(url_name, args=[job.pk]) if url_name == "applications:apply" else reverse(url_name)

    response = seeker_client.post(url, {"cover_letter": "Hello"}, CONTENT_LENGTH=str(50 * 1024 * 1024))

    assert_site_413_page(response)
    assert not Application.objects.exists()
    assert SeekerProfile.objects.get().headline == "Django developer"


def test_a_resume_just_over_5_mb_still_gets_the_forms_own_message(seeker_client, profile):
    job = JobFactory(published=True)

    response = seeker_client.post(
        reverse("applications:apply", args=[job.pk]),
        {"resume_choice": "upload", "resume": pdf_upload(size=5 * 1024 * 1024 + 100_000)},
    )

    assert response.status_code == 200
    assert "Upload a PDF of at most 5 MB" in response.text


def test_anonymous_oversized_posts_get_the_same_page(client):
    response = client.post(
        reverse("account_login"), {"login": "x@example.com"}, CONTENT_LENGTH=str(50 * 1024 * 1024)
    )

    assert_site_413_page(response)
