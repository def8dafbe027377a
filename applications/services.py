"""Writes for applications: apply, withdraw, the employer's pipeline, notes, saved jobs,
and an employer's invitation to a suggested candidate. The seeker's profile is
accounts.services'."""

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone

from accounts.models import SeekerProfile
from accounts.services import email_outbox_add_from_templates, user_has_verified_email, user_update_settings
from api.services.webhooks import webhook_application_event
from jobportal.links import absolute_url
from listings.models import Job, JobMatch, Membership

from .models import Application, ApplicationEvent, ApplicationNote, CandidateInvitation, SavedJob


class ApplicationError(Exception):
    """The application can't be made or changed; the message says why, for the user."""


class AlreadyApplied(ApplicationError):
    def __init__(self, application):
        super().__init__("You have already applied to this job.")
        self.application = application


class AlreadyInvited(ApplicationError):
    def __init__(self, invitation):
        when = formats.date_format(timezone.localtime(invitation.created_at), "j M Y")
        super().__init__(f"You already invited them on {when}.")
        self.invitation = invitation


def _require_member(application, user):
    job = application.job
    if not Membership.objects.filter(company_id=job.company_id, user=user).exists():
        raise PermissionDenied("Only the hiring company can do this.")


def _require_open_for_applications(job):
    if not job.is_open:
        raise ApplicationError("This job is no longer taking applications.")
    if job.apply_method != Job.ApplyMethod.ON_SITE:
        raise ApplicationError("This employer takes applications on their own website.")


def _copy_resume(source_file, name):
    source_file.open("rb")
    try:
        return ContentFile(source_file.read(), name=name or "resume.pdf")
    finally:
        source_file.close()


def application_submit(*, job, seeker, cover_letter="", resume_upload=None, full_name=None):
    """Apply to an open on-site job with a new resume or the profile's one; `full_name`
    (when not None) is saved on the account first, as the employer sees it.

    One current application per seeker and job: a second submit (even a concurrent
    one) raises AlreadyApplied with the existing application. After a withdrawal the
    seeker may apply again: a new application, the withdrawn one kept.
    """
    if not seeker.is_seeker:
        raise PermissionDenied("Only job seeker accounts can apply.")
    if not user_has_verified_email(seeker):
        raise ApplicationError("Verify your email address before applying.")
    existing = Application.objects.current().filter(job=job, seeker=seeker).first()
    if existing:
        raise AlreadyApplied(existing)
    _require_open_for_applications(job)
    if resume_upload is not None:
        resume, resume_name = resume_upload, resume_upload.name
    else:
        profile = SeekerProfile.objects.filter(user=seeker).first()
        if profile is None or not profile.resume:
            raise ApplicationError("Attach your resume (PDF), or add one to your profile first.")
        resume, resume_name = _copy_resume(profile.resume, profile.resume_name), profile.resume_name
    try:
        with transaction.atomic():
            if full_name:
                user_update_settings(user=seeker, full_name=full_name)
            application = Application(
                job=job, seeker=seeker, cover_letter=cover_letter, resume_name=resume_name
            )
            application.resume.save("resume.pdf", resume, save=False)
            application.save()
            ApplicationEvent.objects.create(
                application=application, actor=seeker, to_status=Application.Status.SUBMITTED
            )
            webhook_application_event(application, "application.created")
            email_outbox_add_from_templates(
                key=f"application-receipt:{application.pk}",
                to=seeker.email,
                template_prefix="applications/email/application_receipt",
                context={
                    "application": application,
                    "job": job,
                    "seeker": seeker,
                    "application_url": absolute_url(application.get_absolute_url()),
                },
            )
    except IntegrityError:
        # A concurrent submit won the race; the unique constraint kept one row.
        application.resume.delete(save=False)
        raise AlreadyApplied(Application.objects.current().get(job=job, seeker=seeker)) from None
    return application


@transaction.atomic
def application_withdraw(*, application, by):
    if application.seeker_id != by.pk:
        raise PermissionDenied("Only the candidate can withdraw an application.")
    application = _change_status(
        application,
        by=by,
        allowed_from=[
            s for s in Application.Status if s not in (*Application.FINAL, Application.Status.REJECTED)
        ],
        to=Application.Status.WITHDRAWN,
    )
    webhook_application_event(application, "application.withdrawn")
    return application


@transaction.atomic
def application_move(*, application, by, to_status):
    """The employer moves a candidate along the pipeline (or back, or to rejected).

    The candidate is emailed about interview, offer, hired and rejected, once per change.
    """
    _require_member(application, by)
    to_status = Application.Status(to_status)
    if to_status not in Application.PIPELINE or to_status == Application.Status.SUBMITTED:
        raise ApplicationError("Candidates can't be moved there.")
    movable = [s for s in Application.PIPELINE if s != Application.Status.HIRED]
    application = _change_status(application, by=by, allowed_from=movable, to=to_status)
    if to_status in Application.NOTIFY:
        email_outbox_add_from_templates(
            key=f"application-status:{application.last_event.pk}",
            to=application.seeker.email,
            template_prefix=f"applications/email/status_{to_status}",
            context={
                "application": application,
                "job": application.job,
                "seeker": application.seeker,
                "application_url": absolute_url(application.get_absolute_url()),
            },
        )
    return application


def _change_status(application, *, by, allowed_from, to):
    """Compare-and-set the status and record the event; 0 rows means it moved meanwhile."""
    current = Application.objects.filter(pk=application.pk).values_list("status", flat=True).first()
    if current == to:
        raise ApplicationError(f"The application is already “{Application.Status(to).label}”.")
    updated = Application.objects.filter(pk=application.pk, status__in=allowed_from).update(
        status=to, updated_at=timezone.now()
    )
    if not updated:
        raise ApplicationError(
            f"The application is “{Application.Status(current).label}”; that can't change now."
        )
    event = ApplicationEvent.objects.create(
        application=application, actor=by, from_status=current, to_status=to
    )
    application.refresh_from_db()
    application.last_event = event
    return application


def application_mark_viewed(*, application, by):
    """The first time someone at the company opens it, the candidate sees "viewed"."""
    _require_member(application, by)
    now = timezone.now()
    if not Application.objects.filter(pk=application.pk, viewed_at=None).update(viewed_at=now):
        return False
    try:
        with transaction.atomic():
            ApplicationEvent.objects.create(
                application=application, kind=ApplicationEvent.Kind.VIEWED, actor=by
            )
    except IntegrityError:
        return False
    application.viewed_at = now
    return True


@transaction.atomic
def application_add_note(*, application, by, body):
    _require_member(application, by)
    body = body.strip()
    if not body:
        raise ApplicationError("A note can't be empty.")
    return ApplicationNote.objects.create(application=application, author=by, body=body)


def job_save(*, job, user):
    """Bookmark a job; saving twice keeps one bookmark."""
    saved, _ = SavedJob.objects.get_or_create(user=user, job=job)
    return saved


def job_unsave(*, job, user):
    return bool(SavedJob.objects.filter(user=user, job=job).delete()[0])


# --- Inviting a suggested candidate ---------------------------------------------

MAX_INVITATION_MESSAGE = CandidateInvitation._meta.get_field("message").max_length


def candidate_invite(*, job, seeker, by, message=""):
    """A member of the job's company invites one of its suggested candidates to apply.

    Only an opted-in, active seeker who matches the open job can be invited; anyone
    else raises JobMatch.DoesNotExist, which views answer with a 404, so nobody can
    probe for seekers who did not opt in. Once per job and seeker (even when two
    members press at once). The seeker is emailed; the employer never learns their
    address or name from this.
    """
    if not Membership.objects.filter(company_id=job.company_id, user=by).exists():
        raise PermissionDenied("Only the hiring company can invite candidates.")
    if not job.is_open:
        raise ApplicationError("This job is not open: you can invite candidates while it is published.")
    if not JobMatch.objects.suggested_candidates_for(job).filter(seeker=seeker).exists():
        raise JobMatch.DoesNotExist("Not a suggested candidate of this job.")
    if Application.objects.current().filter(job=job, seeker=seeker).exists():
        raise ApplicationError("They have already applied: see your applicants.")
    existing = CandidateInvitation.objects.filter(job=job, seeker=seeker).first()
    if existing:
        raise AlreadyInvited(existing)
    message = message.strip()
    if len(message) > MAX_INVITATION_MESSAGE:
        raise ApplicationError(f"Keep the note to {MAX_INVITATION_MESSAGE} characters or fewer.")
    try:
        with transaction.atomic():
            invitation = CandidateInvitation.objects.create(
                job=job, seeker=seeker, invited_by=by, message=message
            )
            email_outbox_add_from_templates(
                key=f"candidate-invitation:{job.pk}:{seeker.pk}",
                to=seeker.email,
                template_prefix="applications/email/candidate_invitation",
                context={
                    "invitation": invitation,
                    "job": job,
                    "company": job.company,
                    "seeker": seeker,
                    "message": message,
                    "job_url": absolute_url(job.get_absolute_url()),
                    "profile_url": absolute_url(reverse("accounts:profile")),
                },
            )
    except IntegrityError:
        # Another member invited them meanwhile; the unique constraint kept one row.
        raise AlreadyInvited(CandidateInvitation.objects.get(job=job, seeker=seeker)) from None
    return invitation
