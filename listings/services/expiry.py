"""Closing dates: expiry, the reminder a week before, and the reminder's one-click links.

A job closes at the end of its closing date (Job.closing_date, the one source of
truth); every page, feed, the sitemap and this expiry read it.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core import signing
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from accounts.services import email_outbox_add_from_templates
from api.services.webhooks import webhook_jobs_expired
from jobportal.links import absolute_url
from listings.models import Job, JobEvent
from listings.page_cache import public_pages_changed

from .jobs import EXTENSION, JobTransitionError, employer_recipient, job_close, job_extend
from .matching import job_matches_delete

REMINDER_LEAD_TIME = timedelta(days=7)


@transaction.atomic
def jobs_expire_due(*, now=None):
    """Expire every published job whose closing date is over. Returns how many; a re-run expires none."""
    now = now or timezone.now()
    due = list(
        Job.objects.past_closing_date(now).select_for_update(skip_locked=True).values_list("pk", flat=True)
    )
    Job.objects.filter(pk__in=due, status=Job.Status.PUBLISHED).update(
        status=Job.Status.EXPIRED, updated_at=now
    )
    webhook_jobs_expired(Job.objects.filter(pk__in=due).only("pk", "title", "slug", "status", "company_id"))
    job_matches_delete(due)
    if due:
        public_pages_changed()
    JobEvent.objects.bulk_create(
        [
            JobEvent(
                job_id=pk, from_status=Job.Status.PUBLISHED, to_status=Job.Status.EXPIRED, note="Expired"
            )
            for pk in due
        ]
    )
    return len(due)


def jobs_remind_expiring(*, now=None):
    """Email each employer once per closing date, a week before it, with one-click links."""
    now = now or timezone.now()
    due = (
        Job.objects.open(now)
        .filter(closing_date__lte=timezone.localdate(now) + REMINDER_LEAD_TIME)
        .exclude(reminder_sent_for=F("closing_date"))
        .select_related("company", "posted_by")
    )
    sent = 0
    for job in due.iterator(chunk_size=500):
        sent += job_remind_expiring(job=job, now=now)
    return sent


@transaction.atomic
def job_remind_expiring(*, job, now=None):
    """Claim the reminder for this closing date, then record its email. False if already sent."""
    claimed = (
        Job.objects.filter(pk=job.pk, status=Job.Status.PUBLISHED, closing_date=job.closing_date)
        .exclude(reminder_sent_for=job.closing_date)
        .update(reminder_sent_for=job.closing_date)
    )
    recipient = employer_recipient(job)
    if not claimed or recipient is None:
        return False
    email_outbox_add_from_templates(
        key=f"job-expiry-reminder:{job.pk}:{job.closing_date:%Y%m%d}",
        to=recipient.email,
        template_prefix="listings/email/job_expiry_reminder",
        context={
            "job": job,
            "recipient": recipient,
            "days_left": (job.closing_date - timezone.localdate(now)).days,
            "job_url": absolute_url(job.get_absolute_url()),
            "extend_url": absolute_url(job_action_url(job, "extend")),
            "filled_url": absolute_url(job_action_url(job, "filled")),
            "dashboard_url": absolute_url(reverse("employer:dashboard")),
            "extension_days": EXTENSION.days,
        },
    )
    return True


# --- One-click links in emails ------------------------------------------------
# The reminder's two links ("extend", "mark filled") act without logging in. Each is
# signed for one job, one action and the closing date the reminder was about, and the
# two work once between them: using one records that date in
# Job.reminder_links_used_for, in the same transaction as the action. A link used, or
# for a closing date the job no longer has, or for a job no longer live, acts no more.

JOB_ACTION_SALT = "listings.job-action"
JOB_ACTIONS = ("extend", "filled")
JOB_ACTION_MAX_AGE = timedelta(days=14)


@dataclass(frozen=True)
class JobActionLink:
    job: Job
    action: str
    closing_date: date

    @property
    def problem(self):
        """Why this link can't act now, as ("used" | "outdated" | "not_open", message), or None."""
        job = self.job
        if job.reminder_links_used_for == self.closing_date:
            return "used", (
                f"The links in a reminder work once, and this one was already used; “{job.title}” "
                f"{_job_state_phrase(job)}."
            )
        if job.closing_date != self.closing_date:
            return "outdated", (
                f"This link was for the closing date {_day(self.closing_date)}; “{job.title}” "
                f"{_job_state_phrase(job)}."
            )
        if not job.is_open:
            return "not_open", f"“{job.title}” {_job_state_phrase(job)}."
        return None


def _day(value):
    return f"{value.day} {value:%B %Y}"


def _job_state_phrase(job):
    """What the job is now, for the pages of one-click links."""
    if job.is_open:
        return f"is open until {_day(job.closing_date)}"
    if job.status == Job.Status.CLOSED:
        reason = "filled" if job.close_reason == Job.CloseReason.FILLED else "no longer hiring"
        return f"is closed ({reason})"
    if job.status in (Job.Status.EXPIRED, Job.Status.PUBLISHED):
        return f"closed on {_day(job.closing_date)}" if job.closing_date else "is closed"
    return f"is {job.get_status_display().lower()}"


def job_action_url(job, action):
    """A signed link doing one thing to one job, for its current closing date."""
    token = signing.dumps(
        {"job": job.pk, "action": action, "closes": job.closing_date.isoformat()}, salt=JOB_ACTION_SALT
    )
    return reverse("job_action", kwargs={"token": token})


def job_action_from_token(token):
    """The JobActionLink of a valid token; raises signing.BadSignature (incl. expired) otherwise.

    Whether it may still act is its `problem`."""
    payload = signing.loads(token, salt=JOB_ACTION_SALT, max_age=JOB_ACTION_MAX_AGE)
    if not isinstance(payload, dict) or payload.get("action") not in JOB_ACTIONS:
        raise signing.BadSignature("Unknown action")
    try:
        closing_date = date.fromisoformat(payload.get("closes") or "")
    except (TypeError, ValueError) as error:  # a link of the old format, or not one of ours
        raise signing.BadSignature("No closing date") from error
    job = Job.objects.select_related("company", "posted_by").filter(pk=payload.get("job")).first()
    if job is None:
        raise signing.BadSignature("Unknown job")
    return JobActionLink(job=job, action=payload["action"], closing_date=closing_date)


@transaction.atomic
def job_apply_action(*, link):
    """What a one-click link does, on behalf of the employer it was sent to, once.

    The use is claimed first (compare-and-set on the job's closing date and the links'
    use): of two clicks at once, one acts and the other is told the link was used."""
    claimed = (
        Job.objects.filter(pk=link.job.pk, status=Job.Status.PUBLISHED, closing_date=link.closing_date)
        .exclude(reminder_links_used_for=link.closing_date)
        .update(reminder_links_used_for=link.closing_date)
    )
    if not claimed:
        link.job.refresh_from_db()
        _kind, message = link.problem or ("", "This link can no longer be used.")
        raise JobTransitionError(message)
    actor = employer_recipient(link.job)
    if actor is None:
        raise JobTransitionError("Nobody at the company can act on this job any more.")
    if link.action == "extend":
        return job_extend(job=link.job, by=actor)
    return job_close(job=link.job, by=actor, reason=Job.CloseReason.FILLED)
