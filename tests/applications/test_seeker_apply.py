"""Applying from the job page: who sees Apply, the form, the resume choice, duplicates, receipts."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import EmailOutbox
from applications.models import Application, ApplicationEvent
from tests.factories import (
    ApplicationFactory,
    JobFactory,
    SeekerProfileFactory,
    UserFactory,
    employer_of,
    pdf_upload,
)

pytestmark = pytest.mark.django_db


def apply_url(job):
    return reverse("applications:apply", args=[job.pk])


def messages_on(response):
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def job():
    return JobFactory(published=True, title="Django Engineer")


@pytest.fixture
def seeker():
    return UserFactory(seeker=True)


@pytest.fixture
def profile(seeker):
    return SeekerProfileFactory(user=seeker, with_resume=True)


# --- The job page ---------------------------------------------------------------------


def test_a_verified_seeker_sees_apply_on_an_open_on_site_job(seeker_client, job):
    html = seeker_client.get(job.get_absolute_url()).text

    assert f'href="{apply_url(job)}"' in html


def test_anonymous_visitors_are_asked_to_log_in_and_come_back_to_the_job(client, job):
    html = client.get(job.get_absolute_url()).text

    assert f'href="{apply_url(job)}"' not in html
    assert f'href="/accounts/login/?next={apply_url(job)}"' in html


def test_employers_do_not_see_apply(client, job):
    client.force_login(UserFactory(employer=True))

    html = client.get(job.get_absolute_url()).text

    assert apply_url(job) not in html
    assert "save-button" not in html


def test_an_external_job_sends_seekers_to_the_employers_site(seeker_client):
    job = JobFactory(published=True, apply_method="external", apply_url="https://careers.example.com/7")

    html = seeker_client.get(job.get_absolute_url()).text

    assert 'href="https://careers.example.com/7"' in html
    assert apply_url(job) not in html


def test_after_applying_the_job_page_says_so_instead_of_apply(seeker_client, seeker, job):
    application = ApplicationFactory(job=job, seeker=seeker)

    html = seeker_client.get(job.get_absolute_url()).text

    assert f'href="{apply_url(job)}"' not in html
    assert f'You applied on <time datetime="{application.created_at.isoformat()}">' in html
    assert f'href="{application.get_absolute_url()}">see your application</a>' in html


def test_the_job_page_has_no_apply_for_closed_jobs(seeker_client):
    job = JobFactory(closed=True)

    response = seeker_client.get(job.get_absolute_url())

    assert response.status_code == 410
    assert apply_url(job) not in response.text


def test_the_job_page_query_count_for_a_seeker_is_flat(seeker_client, seeker, django_assert_num_queries):
    job = JobFactory(published=True)
    ApplicationFactory.create_batch(3, seeker=seeker)

    # session, user, job, skills, locations, membership, saved ids, application,
    # invitation (not applied yet), "how you match" (their profile: none here),
    # similar jobs and their skills
    with django_assert_num_queries(12):
        seeker_client.get(job.get_absolute_url())


# --- The form -------------------------------------------------------------------------


def test_the_form_offers_the_profile_resume_by_name_and_date(seeker_client, profile, job):
    response = seeker_client.get(apply_url(job))

    assert response.status_code == 200
    assert "Use my profile resume (my-cv.pdf, uploaded " in response.text
    assert response.context["form"]["resume_choice"].value() == "profile"
    assert 'maxlength="5000"' in response.text
    assert 'data-counter-for="id_cover_letter"' in response.text


def test_without_a_profile_resume_the_upload_is_the_only_choice(seeker_client, job):
    response = seeker_client.get(apply_url(job))

    assert 'name="resume_choice"' not in response.text
    assert "Your resume" in response.text


def test_applying_with_the_profile_resume(seeker_client, profile, job, on_commit):
    with on_commit():
        response = seeker_client.post(
            apply_url(job), {"cover_letter": "I love Django.", "resume_choice": "profile"}
        )

    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:submitted", args=[application.pk])
    assert (application.job, application.seeker) == (job, profile.user)
    assert application.cover_letter == "I love Django."
    assert application.resume_name == "my-cv.pdf"
    assert application.resume.name != profile.resume.name
    assert [(e.kind, e.to_status) for e in ApplicationEvent.objects.all()] == [("status", "submitted")]


def test_applying_with_a_new_upload(seeker_client, profile, job):
    seeker_client.post(apply_url(job), {"resume_choice": "upload", "resume": pdf_upload("for-acme.pdf")})

    application = Application.objects.get()
    assert application.resume_name == "for-acme.pdf"
    assert application.cover_letter == ""
    profile.refresh_from_db()
    assert profile.resume_name == "my-cv.pdf"  # the profile keeps its own


def test_a_chosen_file_is_sent_even_if_the_profile_radio_stayed_selected(seeker_client, profile, job):
    seeker_client.post(apply_url(job), {"resume_choice": "profile", "resume": pdf_upload("chosen.pdf")})

    assert Application.objects.get().resume_name == "chosen.pdf"


def test_choosing_upload_without_a_file_asks_for_one(seeker_client, profile, job):
    response = seeker_client.post(apply_url(job), {"resume_choice": "upload"})

    assert response.status_code == 200
    assert "Attach your resume as a PDF." in response.text
    assert not Application.objects.exists()


def test_without_a_profile_resume_a_file_is_required(seeker_client, job):
    response = seeker_client.post(apply_url(job), {"cover_letter": "Hi"})

    assert "Attach your resume as a PDF." in response.text
    assert not Application.objects.exists()


def test_a_cover_letter_over_5000_characters_is_refused(seeker_client, profile, job):
    response = seeker_client.post(apply_url(job), {"cover_letter": "x" * 5001, "resume_choice": "profile"})

    assert "at most 5000 characters" in response.text
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"GIF89a not a pdf", "not a PDF"),
        (b"<html><body>cv</body></html>", "not a PDF"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "not a PDF"),
        (b"", "This file is empty"),
    ],
)
def test_a_bad_upload_is_refused_with_a_clear_error(seeker_client, job, content, message):
    upload = SimpleUploadedFile("cv.pdf", content, content_type="application/pdf")

    response = seeker_client.post(apply_url(job), {"resume": upload})

    assert response.status_code == 200
    assert message in response.text
    assert not Application.objects.exists()


def test_an_upload_over_5_mb_is_refused(seeker_client, job):
    response = seeker_client.post(apply_url(job), {"resume": pdf_upload(size=5 * 1024 * 1024 + 1)})

    assert "Upload a PDF of at most 5 MB" in response.text
    assert not Application.objects.exists()


def test_posted_status_job_and_seeker_are_ignored(seeker_client, profile, job):
    other_job = JobFactory(published=True)
    other_seeker = UserFactory(seeker=True)

    seeker_client.post(
        apply_url(job),
        {"resume_choice": "profile", "status": "hired", "job": other_job.pk, "seeker": other_seeker.pk},
    )

    application = Application.objects.get()
    assert (application.job, application.seeker, application.status) == (job, profile.user, "submitted")


# --- After applying --------------------------------------------------------------------


def test_the_confirmation_page_says_what_happens_next(seeker_client, profile, job):
    response = seeker_client.post(apply_url(job), {"resume_choice": "profile"}, follow=True)

    application = Application.objects.get()
    assert response.status_code == 200
    assert "Application sent" in response.text
    assert "What happens next" in response.text
    assert f'href="{application.get_absolute_url()}"' in response.text


def test_the_receipt_email_goes_through_the_outbox(seeker_client, profile, job, on_commit):
    with on_commit():
        seeker_client.post(apply_url(job), {"resume_choice": "profile", "cover_letter": "Hello"})

    application = Application.objects.get()
    outbox = EmailOutbox.objects.get(key=f"application-receipt:{application.pk}")
    assert outbox.to == profile.user.email
    assert outbox.subject == f"Your application to “Django Engineer” at {job.company.name} was sent"
    assert f"http://127.0.0.1:8000/applications/{application.pk}/" in outbox.body_text
    assert "a cover letter and your resume (my-cv.pdf)" in outbox.body_text
    assert f'href="http://127.0.0.1:8000/applications/{application.pk}/"' in outbox.body_html
    assert [m.to for m in mail.outbox] == [[profile.user.email]]


def test_a_second_submit_shows_the_existing_application(seeker_client, profile, job):
    first = seeker_client.post(apply_url(job), {"resume_choice": "profile"})
    second = seeker_client.post(apply_url(job), {"resume_choice": "profile"}, follow=True)

    application = Application.objects.get()
    assert first.status_code == 302
    assert second.redirect_chain == [(application.get_absolute_url(), 302)]
    assert "You already applied to this job on" in messages_on(second)[0]


def test_opening_the_form_again_after_applying_shows_the_application(seeker_client, profile, job):
    application = ApplicationFactory(job=job, seeker=profile.user)

    response = seeker_client.get(apply_url(job))

    assert response.status_code == 302
    assert response["Location"] == application.get_absolute_url()


def test_a_submit_that_loses_the_race_shows_the_existing_application(
    seeker_client, profile, job, monkeypatch, tmp_path
):
    """Two tabs submit at once: this one's "already applied?" checks ran before the
    other's row existed, so it reaches the unique constraint and loses there."""
    existing = ApplicationFactory(job=job, seeker=profile.user)
    real_filter = Application.objects.filter

    def filter_before_the_other_tab_committed(*args, **kwargs):
        queryset = real_filter(*args, **kwargs)
        return queryset.none() if set(kwargs) == {"job", "seeker"} else queryset

    monkeypatch.setattr(Application.objects, "filter", filter_before_the_other_tab_committed)
    response = seeker_client.post(apply_url(job), {"resume_choice": "profile"})

    assert response.status_code == 302
    assert response["Location"] == existing.get_absolute_url()
    assert Application.objects.count() == 1
    # The losing copy of the resume was removed: the profile's and the existing application's remain.
    assert len(list((tmp_path / "private_media" / "resumes").iterdir())) == 2


# --- Jobs that take no applications ------------------------------------------------------


@pytest.mark.parametrize(
    ("traits", "status", "message"),
    [
        ({"closed": True, "close_reason": "filled"}, 410, "has filled the position"),
        ({"closed": True, "close_reason": "no_longer_hiring"}, 410, "is no longer hiring for it"),
        ({"expired": True}, 410, "The job expired on"),
        ({"pending": True}, 404, "This job isn't taking applications"),
        ({}, 404, "This job isn't taking applications"),  # a draft
        ({"rejected": True}, 404, "This job isn't taking applications"),
    ],
)
def test_applying_to_a_job_that_is_not_open_says_so_without_a_form(
    seeker_client, profile, traits, status, message
):
    job = JobFactory(**traits)

    for response in (
        seeker_client.get(apply_url(job)),
        seeker_client.post(apply_url(job), {"resume_choice": "profile"}),
    ):
        assert response.status_code == status
        assert message in response.text
        assert 'name="cover_letter"' not in response.text
    assert not Application.objects.exists()


def test_an_unpublished_jobs_title_does_not_leak(seeker_client):
    job = JobFactory(pending=True, title="Secret Stealth Startup Role")

    response = seeker_client.get(apply_url(job))

    assert "Secret Stealth" not in response.text


def test_an_unknown_job_is_404(seeker_client):
    assert seeker_client.get(reverse("applications:apply", args=[999999])).status_code == 404


def test_a_published_job_past_expiry_is_closed_to_applications(seeker_client, profile):
    from datetime import timedelta

    from django.utils import timezone

    job = JobFactory(published=True, closing_date=timezone.localdate() - timedelta(days=1))

    response = seeker_client.post(apply_url(job), {"resume_choice": "profile"})

    assert response.status_code == 410
    assert not Application.objects.exists()


def test_an_external_job_is_not_applied_to_here(seeker_client, profile):
    job = JobFactory(published=True, apply_method="external", apply_url="https://careers.example.com/7")

    response = seeker_client.post(apply_url(job), {"resume_choice": "profile"}, follow=True)

    assert response.redirect_chain[0] == (job.get_absolute_url(), 302)
    assert "takes applications on its own website" in messages_on(response)[0]
    assert not Application.objects.exists()


# --- Who may apply ------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, job):
    response = client.get(apply_url(job))

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={apply_url(job)}"


def test_an_anonymous_post_goes_to_log_in_and_back_to_the_job(client, job):
    response = client.post(apply_url(job), {"resume": pdf_upload()})

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=/jobs/{job.pk}/"
    assert not Application.objects.exists()


def test_anonymous_htmx_requests_get_a_whole_page_redirect(client, job):
    response = client.get(apply_url(job), headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert response["HX-Redirect"] == f"/accounts/login/?next={apply_url(job)}"


def test_employers_cannot_apply(client, job):
    client.force_login(employer_of(job.company))

    response = client.post(apply_url(job), {"resume": pdf_upload()})

    assert response.status_code == 403
    assert "This page is for job seekers" in response.text
    assert not Application.objects.exists()


def test_unverified_seekers_are_asked_to_verify_first(client, job):
    client.force_login(UserFactory(seeker=True, verified=False))

    response = client.post(apply_url(job), {"resume": pdf_upload()})

    assert response.status_code == 403
    assert "Verify your email address to apply" in response.text
    assert not Application.objects.exists()
