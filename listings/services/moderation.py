"""Staff decisions: approving or rejecting a job (the employer is emailed), verifying
a company, and the pre-screening that helps decide."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.services import email_outbox_add_from_templates
from jobportal.links import absolute_url
from listings import screening
from listings.models import Company, Job, RejectionReason, ScreeningFlag
from listings.page_cache import public_pages_changed

from .jobs import JobTransitionError, employer_recipient, job_transition
from .matching import job_matches_refresh_on_commit


def _tasks():
    """listings.tasks, imported when first needed: the tasks module imports the services."""
    from listings import tasks

    return tasks


def company_verify(*, company, by):
    """Staff confirm a company is who it says it is. Returns False if it already was."""
    _require_staff(by)
    # updated_at too: cached job cards show the badge by the company's version.
    verified = Company.objects.filter(pk=company.pk, is_verified=False).update(
        is_verified=True, updated_at=timezone.now()
    )
    if verified:
        public_pages_changed()
    return bool(verified)


def _require_staff(user):
    if not user.is_staff:
        raise PermissionDenied("Only staff can moderate jobs.")


@transaction.atomic
def job_approve(*, job, by, note=""):
    """Staff publish a pending job.

    It closes on the employer's closing date; without one (or if it passed during the
    review), 60 days after this approval. A job approved again after a material edit
    keeps the closing date it had: approval never moves it (Job.closing_date_on_approval).
    """
    _require_staff(by)
    now = timezone.now()
    current = Job.objects.select_for_update().filter(pk=job.pk).first() or job
    job = job_transition(
        job,
        by=by,
        allowed_from=[Job.Status.PENDING],
        to=Job.Status.PUBLISHED,
        verb="approved",
        note=note,
        published_at=now,
        closing_date=current.closing_date_on_approval(timezone.localdate(now)),
        rejection_reason="",
    )
    _email_decision(job, template="listings/email/job_approved")
    job_matches_refresh_on_commit(job)
    return job


@transaction.atomic
def job_reject(*, job, by, reason, note=""):
    """Staff turn a pending job down with one of the common reasons (and optional text)."""
    _require_staff(by)
    reason = RejectionReason(reason)
    note = note.strip()
    if reason == RejectionReason.OTHER and not note:
        raise JobTransitionError("Say what the employer should change when the reason is “Other”.")
    explanation = f"{reason.label}. {note}".strip() if note else reason.label
    job = job_transition(
        job,
        by=by,
        allowed_from=[Job.Status.PENDING],
        to=Job.Status.REJECTED,
        verb="rejected",
        reason=reason,
        note=note,
        rejection_reason=explanation,
    )
    _email_decision(job, template="listings/email/job_rejected")
    return job


@transaction.atomic
def job_screen(*, job):
    """Compute the pre-screening signals of a job and store them (replacing old ones)."""
    found = screening.screening_signals(job)
    ScreeningFlag.objects.filter(job=job).delete()
    ScreeningFlag.objects.bulk_create(
        [ScreeningFlag(job=job, signal=signal, detail=detail[:255]) for signal, detail in found.items()]
    )
    Job.objects.filter(pk=job.pk).update(screened_at=timezone.now())
    return found


# A job submitted more recently than this may still have its screening task in flight.
SCREEN_MISSED_GRACE = timedelta(minutes=1)


def jobs_screen_missed(*, now=None):
    """Enqueue the screening of pending jobs that nobody screened since they were
    submitted (the enqueue after the submit is skipped while the broker is down).
    Returns how many were enqueued."""
    now = now or timezone.now()
    missed = Job.objects.unscreened(submitted_before=now - SCREEN_MISSED_GRACE)
    job_ids = list(missed.values_list("pk", flat=True))
    for job_id in job_ids:
        _tasks().job_screen_task.delay(job_id)
    return len(job_ids)


def _email_decision(job, *, template):
    recipient = employer_recipient(job)
    if recipient is None:
        return
    email_outbox_add_from_templates(
        key=f"job-decision:{job.last_event.pk}",
        to=recipient.email,
        template_prefix=template,
        context={
            "job": job,
            "recipient": recipient,
            "job_url": absolute_url(job.get_absolute_url()),
            "dashboard_url": absolute_url(reverse("employer:dashboard")),
        },
    )
