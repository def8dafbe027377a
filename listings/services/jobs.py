"""Jobs as employers write them: the fields (create, edit, duplicate) and the
transitions they make (submit, close, reopen, extend), each a compare-and-set
recorded as a JobEvent."""

from datetime import timedelta
from functools import partial

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone

from api.services.webhooks import webhook_job_event
from listings.models import (
    EDITABLE_FIELDS,
    ApplicantLocation,
    Job,
    JobEvent,
    JobSkill,
    Membership,
    ScreeningFlag,
)
from listings.page_cache import public_pages_changed
from listings.search.index import job_search_vector, skills_search_text
from listings.text import normalise_line, normalise_text

from .matching import job_matches_delete, job_matches_refresh_on_commit


def _tasks():
    """listings.tasks, imported when first needed: the tasks module imports the services."""
    from listings import tasks

    return tasks


# Changing these on a published job changes what candidates rely on: back to review.
MATERIAL_FIELDS = ("title", "description", "salary_min", "salary_max", "salary_currency", "salary_period")
MATERIAL_FIELD_LABELS = {
    "title": "title",
    "description": "description",
    "salary_min": "salary",
    "salary_max": "salary",
    "salary_currency": "salary",
    "salary_period": "salary",
}
# Text fields and how they are stored (listings.text): whoever writes a job, the same form.
TEXT_FIELDS = {"title": normalise_line, "city": normalise_line, "description": normalise_text}


# Transitions the company's webhooks hear about (api.services.webhooks), in the same transaction.
WEBHOOK_EVENTS = {
    Job.Status.PUBLISHED: "job.published",
    Job.Status.REJECTED: "job.rejected",
    Job.Status.CLOSED: "job.closed",
}


class JobTransitionError(Exception):
    """The job is not in a state that allows this; the message says why, for the user."""


def _require_member(job, user):
    if (
        not user.is_authenticated
        or not Membership.objects.filter(company_id=job.company_id, user=user).exists()
    ):
        raise PermissionDenied("Only members of this job's company can do this.")


def _set_skills(job, required_skills, nice_skills):
    required = list(dict.fromkeys(required_skills))
    nice = [skill for skill in dict.fromkeys(nice_skills) if skill not in required]
    JobSkill.objects.filter(job=job).delete()
    JobSkill.objects.bulk_create(
        [JobSkill(job=job, skill=skill, is_required=True) for skill in required]
        + [JobSkill(job=job, skill=skill, is_required=False) for skill in nice]
    )


def _set_applicant_locations(job, codes):
    ApplicantLocation.objects.filter(job=job).delete()
    if job.is_remote:
        ApplicantLocation.objects.bulk_create(
            [ApplicantLocation(job=job, code=code) for code in dict.fromkeys(c.upper() for c in codes)]
        )


def jobs_refresh_search_vectors(job_ids):
    """Recompute the search vector of these jobs in one statement (PostgreSQL only)."""
    if connection.vendor != "postgresql":
        return
    Job.objects.filter(pk__in=job_ids).update(search_vector=job_search_vector())


def job_refresh_derived(*, job):
    """Salary equivalents, the description's HTML and text, and the search text follow
    the fields they derive from."""
    skills = [job_skill.skill for job_skill in job.job_skills.select_related("skill")]
    salary_min_usd, salary_max_usd = job.salary_usd()
    job.derive_description()
    Job.objects.filter(pk=job.pk).update(
        salary_min_usd=salary_min_usd,
        salary_max_usd=salary_max_usd,
        skills_text=skills_search_text(skills),
        description_html=job.description_html,
        description_text=job.description_text,
    )
    jobs_refresh_search_vectors([job.pk])
    job.refresh_from_db()
    public_pages_changed()


@transaction.atomic
def job_create(*, company, by, fields, required_skills=(), nice_skills=(), applicant_locations=()):
    """A new job, as a draft of the company."""
    if not Membership.objects.filter(company=company, user=by).exists():
        raise PermissionDenied("Only members of the company can post its jobs.")
    fields = _normalised(fields)
    job = Job(company=company, posted_by=by, status=Job.Status.DRAFT)
    for name in EDITABLE_FIELDS:
        if name in fields:
            setattr(job, name, fields[name])
    job.save()
    _set_skills(job, required_skills, nice_skills)
    _set_applicant_locations(job, applicant_locations)
    JobEvent.objects.create(job=job, actor=by, to_status=Job.Status.DRAFT, note="Created")
    job_refresh_derived(job=job)
    return job


def _normalised(fields):
    """The fields with their text in the stored form (listings.text)."""
    return {
        name: TEXT_FIELDS[name](value) if name in TEXT_FIELDS and value is not None else value
        for name, value in fields.items()
    }


def _material_changes(job, fields):
    """The material fields `fields` changes, compared in the stored form: a description
    sent back with CRLF line ends, or stored before normalisation, is the same text."""
    changed = []
    for name in MATERIAL_FIELDS:
        if name not in fields:
            continue
        old, new = getattr(job, name), fields[name]
        if name in TEXT_FIELDS:
            old, new = TEXT_FIELDS[name](old), TEXT_FIELDS[name](new)
        if old != new:
            changed.append(name)
    return changed


def _check_closing_date(job, fields, today):
    """A live job always has a closing date, and not one in the past.

    Without one in `fields` (a form left empty, an API call not sending it) it keeps
    its own; a past date is refused: closing the job is how to take it down now.
    """
    if job.status != Job.Status.PUBLISHED or "closing_date" not in fields:
        return
    if fields["closing_date"] is None:
        fields["closing_date"] = job.closing_date
    elif fields["closing_date"] != job.closing_date and fields["closing_date"] < today:
        raise JobTransitionError("The closing date can't be in the past. To take the job down now, close it.")


@transaction.atomic
def job_update(*, job, by, fields, required_skills=(), nice_skills=(), applicant_locations=()):
    """Save an employer's edits.

    A rejected job becomes a draft again. A published job whose title, description
    or salary changed goes back to review, and to pre-screening, as when it was first
    submitted; it keeps its closing date. Other edits stay live, a new closing date
    included (the job then closes on it). A pending job is screened again after any
    edit. The returned job's `material_changes` names what sent it back to review.
    """
    _require_member(job, by)
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.status in (Job.Status.CLOSED, Job.Status.EXPIRED):
        raise JobTransitionError("This job is closed. Reopen it before editing.")
    fields = _normalised(fields)
    _check_closing_date(job, fields, timezone.localdate())
    changes = _material_changes(job, fields)
    previous_status, previous_closing_date = job.status, job.closing_date
    for name in EDITABLE_FIELDS:
        if name in fields:
            setattr(job, name, fields[name])
    if job.status == Job.Status.REJECTED:
        job.status = Job.Status.DRAFT
    elif job.status == Job.Status.PUBLISHED and changes:
        job.status = Job.Status.PENDING
        job.submitted_at = timezone.now()
    if job.status == Job.Status.PENDING:
        # The signals described the text before this edit: screen it again (after commit;
        # jobs_screen_missed catches up if the enqueue fails). Meanwhile it shows as unscreened.
        job.screened_at = None
        ScreeningFlag.objects.filter(job=job).delete()
    job.save()
    _set_skills(job, required_skills, nice_skills)
    _set_applicant_locations(job, applicant_locations)
    if job.status != previous_status:
        if previous_status == Job.Status.REJECTED:
            note = "Edited after rejection"
        else:
            labels = ", ".join(dict.fromkeys(MATERIAL_FIELD_LABELS[name] for name in changes))
            note = f"Material edit ({labels}): back to review"
        JobEvent.objects.create(
            job=job, actor=by, from_status=previous_status, to_status=job.status, note=note
        )
    elif job.status == Job.Status.PUBLISHED and job.closing_date != previous_closing_date:
        JobEvent.objects.create(
            job=job,
            actor=by,
            from_status=job.status,
            to_status=job.status,
            note=f"Closing date changed from {previous_closing_date:%Y-%m-%d} to {job.closing_date:%Y-%m-%d}",
        )
    job_refresh_derived(job=job)
    if job.status == Job.Status.PENDING:
        _screen_after_commit(job)
    if job.status == Job.Status.PUBLISHED:
        # Still live: skills, level or location may have changed what fits.
        job_matches_refresh_on_commit(job)
    elif previous_status == Job.Status.PUBLISHED:
        job_matches_delete([job.pk])
    job.material_changes = changes
    return job


# --- Transitions -------------------------------------------------------------


def job_transition(job, *, by, allowed_from, to, note="", reason="", verb, **changes):
    """Compare-and-set the status and record the JobEvent; 0 rows updated means the job
    moved meanwhile. The step every transition service takes after its own checks."""
    current = Job.objects.filter(pk=job.pk).values_list("status", flat=True).first()
    updated = Job.objects.filter(pk=job.pk, status__in=allowed_from).update(
        status=to, updated_at=timezone.now(), **changes
    )
    if not updated:
        label = Job.Status(current).label.lower() if current else "gone"
        raise JobTransitionError(f"This job can't be {verb}: it is {label}.")
    event = JobEvent.objects.create(
        job=job, actor=by, from_status=current, to_status=to, reason=reason, note=note
    )
    job.refresh_from_db()
    job.last_event = event
    public_pages_changed()
    if to == Job.Status.PENDING:
        _screen_after_commit(job)
    if to != current and to in WEBHOOK_EVENTS:
        webhook_job_event(job, WEBHOOK_EVENTS[to])
    return job


@transaction.atomic
def job_submit(*, job, by):
    """The employer sends a draft to the moderators."""
    _require_member(job, by)
    if job.status == Job.Status.DRAFT and job.closing_date and job.closing_date < timezone.localdate():
        raise JobTransitionError("The closing date is in the past. Change it before submitting.")
    return job_transition(
        job,
        by=by,
        allowed_from=[Job.Status.DRAFT],
        to=Job.Status.PENDING,
        verb="submitted",
        submitted_at=timezone.now(),
    )


@transaction.atomic
def job_close(*, job, by, reason):
    _require_member(job, by)
    reason = Job.CloseReason(reason)
    job = job_transition(
        job,
        by=by,
        allowed_from=[Job.Status.PUBLISHED],
        to=Job.Status.CLOSED,
        verb="closed",
        note=reason.label,
        close_reason=reason,
        closed_at=timezone.now(),
    )
    job_matches_delete([job.pk])
    return job


@transaction.atomic
def job_reopen(*, job, by):
    """A closed job goes live again; an expired one goes back to review."""
    _require_member(job, by)
    job.refresh_from_db()
    now = timezone.now()
    past_closing_date = job.closing_date is not None and job.closing_date < timezone.localdate(now)
    if job.status == Job.Status.CLOSED and not past_closing_date:
        job = job_transition(
            job,
            by=by,
            allowed_from=[Job.Status.CLOSED],
            to=Job.Status.PUBLISHED,
            verb="reopened",
            close_reason="",
            closed_at=None,
        )
        job_matches_refresh_on_commit(job)
        return job
    return job_transition(
        job,
        by=by,
        allowed_from=[Job.Status.CLOSED, Job.Status.EXPIRED],
        to=Job.Status.PENDING,
        verb="reopened",
        note="Reopened after its closing date: back to review",
        close_reason="",
        closed_at=None,
        submitted_at=now,
        # The old date is over: approval sets a new one, unless the employer picks one first.
        closing_date=None if past_closing_date else job.closing_date,
    )


@transaction.atomic
def job_duplicate(*, job, by):
    """A new draft with the same content, for posting a similar role."""
    _require_member(job, by)
    fields = {name: getattr(job, name) for name in EDITABLE_FIELDS}
    fields["closing_date"] = None
    job_skills = list(job.job_skills.select_related("skill"))
    return job_create(
        company=job.company,
        by=by,
        fields=fields,
        required_skills=[js.skill for js in job_skills if js.is_required],
        nice_skills=[js.skill for js in job_skills if not js.is_required],
        applicant_locations=job.applicant_locations.values_list("code", flat=True),
    )


def _screen_after_commit(job):
    # robust: a broker outage must not fail the write; jobs_screen_missed catches up.
    transaction.on_commit(partial(_tasks().job_screen_task.delay, job.pk), robust=True)


def employer_recipient(job):
    """Who hears about a job: whoever posted it, else the company's first admin."""
    poster = job.posted_by
    if poster and Membership.objects.filter(company_id=job.company_id, user=poster).exists():
        return poster
    admin = (
        Membership.objects.filter(company_id=job.company_id, role=Membership.Role.ADMIN)
        .select_related("user")
        .order_by("created_at")
        .first()
    )
    return admin.user if admin else None


EXTENSION = timedelta(days=30)


@transaction.atomic
def job_extend(*, job, by, extension=EXTENSION):
    """Keep a published job live 30 more days (after its closing date, or after today
    if that is later); no new review is needed."""
    _require_member(job, by)
    current = Job.objects.select_for_update().filter(pk=job.pk).first() or job
    today = timezone.localdate()
    new_closing_date = max(current.closing_date or today, today) + extension
    return job_transition(
        job,
        by=by,
        allowed_from=[Job.Status.PUBLISHED],
        to=Job.Status.PUBLISHED,
        verb="extended",
        note=f"Extended to {new_closing_date:%Y-%m-%d}",
        closing_date=new_closing_date,
    )
