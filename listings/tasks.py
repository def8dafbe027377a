from datetime import timedelta

from celery import shared_task
from django.contrib.auth import get_user_model
from django.utils import timezone

from listings.models import Job
from listings.services import digests, expiry, matching, moderation

# The nightly matching run recomputes what changed in this window (runs are a day apart).
MATCHES_NIGHTLY_WINDOW = timedelta(hours=26)


@shared_task
def job_screen_task(job_id):
    """Pre-screen a job submitted for review. Idempotent: flags are replaced."""
    job = Job.objects.select_related("company", "posted_by").filter(pk=job_id).first()
    if job is None or job.status != Job.Status.PENDING:
        return None
    return sorted(moderation.job_screen(job=job))


@shared_task
def jobs_screen_missed_task():
    """Beat: screen pending jobs whose screening was never enqueued (broker down)."""
    return moderation.jobs_screen_missed()


@shared_task
def jobs_expire_due_task():
    return expiry.jobs_expire_due()


@shared_task
def jobs_remind_expiring_task():
    return expiry.jobs_remind_expiring()


@shared_task
def saved_searches_send_due_task():
    """Beat: write the digest emails of the saved searches that are due. Idempotent:
    each search's slot is claimed once, and a re-run finds nothing left to send."""
    return digests.saved_searches_send_due()


@shared_task
def job_matches_refresh_task(job_id):
    """Score a job against every seeker (after it is published or edited while live).
    Idempotent: rows are upserted per (job, seeker), unchanged ones left alone; a job
    that is no longer open loses its rows."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        return None
    return matching.job_matches_refresh(job=job)


@shared_task
def seeker_matches_refresh_task(user_id):
    """Score a seeker's profile against every open job (after the profile changed)."""
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return None
    return matching.seeker_matches_refresh(user=user)


@shared_task
def matches_refresh_all_task():
    """Nightly safety net: prune rows of closed jobs and gone seekers, then hand every
    job and profile changed in the last 26 hours (a day and some slack) to its own task."""
    since = timezone.now() - MATCHES_NIGHTLY_WINDOW
    return matching.matches_refresh_all(since=since, enqueue=True)
