import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from applications import services
from applications.models import Application, ApplicationEvent
from applications.services import AlreadyApplied, ApplicationError
from tests.factories import (
    ApplicationFactory,
    JobFactory,
    SeekerProfileFactory,
    UserFactory,
    employer_of,
    pdf_upload,
)

pytestmark = pytest.mark.django_db


def timeline(application):
    return [(e.kind, e.to_status) for e in ApplicationEvent.objects.filter(application=application)]


def test_apply_with_profile_resume_sends_a_receipt(on_commit):
    profile = SeekerProfileFactory(with_resume=True)
    job = JobFactory(published=True)

    with on_commit():
        application = services.application_submit(job=job, seeker=profile.user, cover_letter="Hello")

    assert application.status == Application.Status.SUBMITTED
    assert application.resume_name == "my-cv.pdf"
    assert application.resume.read().startswith(b"%PDF-")
    assert application.resume.name != profile.resume.name  # a copy
    assert timeline(application) == [("status", "submitted")]
    assert [m.to for m in mail.outbox] == [[profile.user.email]]


def test_second_apply_raises_already_applied_with_the_existing_one():
    seeker = UserFactory(seeker=True)
    job = JobFactory(published=True)
    first = services.application_submit(job=job, seeker=seeker, resume_upload=pdf_upload())

    with pytest.raises(AlreadyApplied) as caught:
        services.application_submit(job=job, seeker=seeker, resume_upload=pdf_upload())

    assert caught.value.application == first
    assert Application.objects.count() == 1


@pytest.mark.parametrize("state", ["closed", "expired", "pending"])
def test_cannot_apply_to_a_job_that_is_not_open(state):
    with pytest.raises(ApplicationError, match="no longer taking"):
        services.application_submit(
            job=JobFactory(**{state: True}), seeker=UserFactory(seeker=True), resume_upload=pdf_upload()
        )


def test_external_jobs_take_applications_elsewhere():
    job = JobFactory(published=True, apply_method="external", apply_url="https://jobs.example.com/1")

    with pytest.raises(ApplicationError, match="own website"):
        services.application_submit(job=job, seeker=UserFactory(seeker=True), resume_upload=pdf_upload())


def test_employers_and_unverified_seekers_cannot_apply():
    job = JobFactory(published=True)
    with pytest.raises(PermissionDenied):
        services.application_submit(job=job, seeker=UserFactory(employer=True), resume_upload=pdf_upload())
    with pytest.raises(ApplicationError, match="Verify"):
        services.application_submit(
            job=job, seeker=UserFactory(seeker=True, verified=False), resume_upload=pdf_upload()
        )


def test_pipeline_moves_email_the_candidate_on_the_changes_that_concern_them(on_commit):
    application = ApplicationFactory()
    employer = employer_of(application.job.company)

    with on_commit():
        services.application_move(application=application, by=employer, to_status="in_review")
        services.application_move(application=application, by=employer, to_status="interview")

    assert len(mail.outbox) == 1
    assert "interview" in mail.outbox[0].subject.lower()
    assert timeline(application)[-2:] == [("status", "in_review"), ("status", "interview")]


def test_outsiders_cannot_move_candidates():
    application = ApplicationFactory()

    with pytest.raises(PermissionDenied):
        services.application_move(
            application=application, by=employer_of(JobFactory().company), to_status="interview"
        )


def test_viewed_is_recorded_once():
    application = ApplicationFactory()
    employer = employer_of(application.job.company)

    assert services.application_mark_viewed(application=application, by=employer) is True
    assert services.application_mark_viewed(application=application, by=employer) is False
    assert timeline(application).count(("viewed", "")) == 1


def test_withdraw_while_not_final_only_by_the_candidate():
    application = ApplicationFactory()
    with pytest.raises(PermissionDenied):
        services.application_withdraw(application=application, by=UserFactory(seeker=True))

    application = services.application_withdraw(application=application, by=application.seeker)
    assert application.status == "withdrawn"
    with pytest.raises(ApplicationError):
        services.application_withdraw(application=application, by=application.seeker)

    hired = ApplicationFactory(status="hired")
    with pytest.raises(ApplicationError):
        services.application_withdraw(application=hired, by=hired.seeker)
