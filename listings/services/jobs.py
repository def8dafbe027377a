"""Writes for listings: companies, memberships, and every job state transition."""

import logging
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from time import sleep

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import F, Func, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from accounts.services import email_outbox_add_from_templates
from jobportal.links import absolute_url
from listings import matching, screening
from listings.currency import yearly_usd
from listings.forms_searches import (
    SavedSearchFilterSet,
    describe_query,
    describe_search,
    load_skills,
    normalise_query,
    query_data,
)
from listings.models import (
    MAX_SAVED_QUERY_LENGTH,
    MAX_SAVED_SEARCHES,
    ApplicantLocation,
    Company,
    CompanyInvitation,
    Job,
    JobEvent,
    JobMatch,
    JobSkill,
    JobViewDay,
    Membership,
    RejectionReason,
    SavedSearch,
    ScreeningFlag,
)
from listings.text import normalise_line, normalise_text
from listings.view_counter import pending_views

logger = logging.getLogger(__name__)

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

# Every field an employer edits through the job form (the rest is state).
EDITABLE_FIELDS = (
    "title",
    "description",
    "level",
    "open_to_juniors",
    "work_mode",
    "city",
    "country",
    "employment_type",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_period",
    "visa_sponsorship",
    "relocation_help",
    "is_agency",
    "closing_date",
    "apply_method",
    "apply_url",
)


class JobTransitionError(Exception):
    """The job is not in a state that allows this; the message says why, for the user."""


# --- Companies -------------------------------------------------------------


def _unique_company_slug(name):
    base = slugify(name)[:120] or "company"
    slug, n = base, 1
    while Company.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _require_company_admin(company, user):
    if not Membership.objects.filter(company=company, user=user, role=Membership.Role.ADMIN).exists():
        raise PermissionDenied("Only the company's admins can do this.")


@transaction.atomic
def company_create(*, by, name, website="", about="", logo=None):
    """An employer creates their company and becomes its admin."""
    if not by.is_employer:
        raise PermissionDenied("Only employer accounts can create a company.")
    if Membership.objects.filter(user=by).exists():
        raise PermissionDenied("You already belong to a company.")
    company = Company.objects.create(
        name=name, slug=_unique_company_slug(name), website=website, about=about, logo=logo or ""
    )
    Membership.objects.create(company=company, user=by, role=Membership.Role.ADMIN)
    return company


@transaction.atomic
def company_update(*, company, by, name, website, about, logo=None):
    if not Membership.objects.filter(company=company, user=by).exists():
        raise PermissionDenied("Only the company's members can edit it.")
    company.name, company.website, company.about = name, website, about
    if logo is not None:
        company.logo = logo
    company.save()
    return company


def company_verify(*, company, by):
    """Staff confirm a company is who it says it is. Returns False if it already was."""
    _require_staff(by)
    return bool(Company.objects.filter(pk=company.pk, is_verified=False).update(is_verified=True))


@transaction.atomic
def company_invite(*, company, by, email, request=None):
    """Invite a colleague by email; they join when they sign up (or log in) with it."""
    _require_company_admin(company, by)
    email = email.strip().lower()
    if Membership.objects.filter(company=company, user__email__iexact=email).exists():
        raise JobTransitionError(f"{email} is already a member of {company}.")
    invitation, created = CompanyInvitation.objects.get_or_create(
        company=company, email=email, accepted_at=None, defaults={"invited_by": by}
    )
    if created:
        signup_url = reverse("account_signup") + f"?email={email}"
        email_outbox_add_from_templates(
            key=f"company-invitation:{invitation.pk}",
            to=email,
            template_prefix="listings/email/company_invitation",
            context={
                "company": company,
                "invited_by": by,
                "signup_url": request.build_absolute_uri(signup_url) if request else signup_url,
            },
        )
    return invitation


@transaction.atomic
def company_invitations_accept(*, user):
    """Join the company that invited one of the user's verified addresses.

    Called when an employer verifies an email or logs in. Returns the membership
    or None. An employer who already has a company keeps it.
    """
    if not user.is_employer or Membership.objects.filter(user=user).exists():
        return None
    verified = EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    invitation = (
        CompanyInvitation.objects.filter(accepted_at__isnull=True, email__in=[e.lower() for e in verified])
        .select_related("company")
        .order_by("created_at")
        .first()
    )
    if invitation is None:
        return None
    updated = CompanyInvitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        accepted_at=timezone.now()
    )
    if not updated:
        return None
    return Membership.objects.create(company=invitation.company, user=user, role=Membership.Role.RECRUITER)


# --- Jobs: writing the fields ------------------------------------------------


def _require_member(job, user):
    if (
        not user.is_authenticated
        or not Membership.objects.filter(company_id=job.company_id, user=user).exists()
    ):
        raise PermissionDenied("Only members of this job's company can do this.")


def _require_staff(user):
    if not user.is_staff:
        raise PermissionDenied("Only staff can moderate jobs.")


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


def skills_search_text(skills):
    """Skill names and aliases as one string, so "postgres" finds PostgreSQL."""
    return " ".join(" ".join([skill.name, *skill.aliases]) for skill in skills)


def job_search_vector():
    """The weighted tsvector of a job: title (A), skills (B), description.

    The description's lexemes are kept without positions (strip): that keeps the
    vector under PostgreSQL's 2 kB TOAST threshold, so matching and ranking read
    it from the row instead of decompressing it from TOAST (about 4x faster on
    100k jobs). Phrase search then applies to titles and skills only.
    """
    description = Func(
        SearchVector("description", config="english"), function="strip", output_field=SearchVectorField()
    )
    return Func(
        SearchVector("title", weight="A", config="english"),
        SearchVector("skills_text", weight="B", config="english"),
        description,
        template="(%(expressions)s)",
        arg_joiner=" || ",
        output_field=SearchVectorField(),
    )


def jobs_refresh_search_vectors(job_ids):
    """Recompute the search vector of these jobs in one statement (PostgreSQL only)."""
    if connection.vendor != "postgresql":
        return
    Job.objects.filter(pk__in=job_ids).update(search_vector=job_search_vector())


def job_refresh_derived(*, job):
    """Salary equivalents and search text follow the fields they derive from."""
    skills = [job_skill.skill for job_skill in job.job_skills.select_related("skill")]
    Job.objects.filter(pk=job.pk).update(
        salary_min_usd=yearly_usd(job.salary_min, job.salary_currency, job.salary_period),
        salary_max_usd=yearly_usd(job.salary_max, job.salary_currency, job.salary_period),
        skills_text=skills_search_text(skills),
    )
    jobs_refresh_search_vectors([job.pk])
    job.refresh_from_db()


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
        _job_matches_refresh_after_commit(job)
    elif previous_status == Job.Status.PUBLISHED:
        _job_matches_delete([job.pk])
    job.material_changes = changes
    return job


# --- Jobs: state transitions -------------------------------------------------


def _transition(job, *, by, allowed_from, to, note="", reason="", verb, **changes):
    """Compare-and-set the status; 0 rows updated means the job moved meanwhile."""
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
    if to == Job.Status.PENDING:
        _screen_after_commit(job)
    return job


@transaction.atomic
def job_submit(*, job, by):
    """The employer sends a draft to the moderators."""
    _require_member(job, by)
    if job.status == Job.Status.DRAFT and job.closing_date and job.closing_date < timezone.localdate():
        raise JobTransitionError("The closing date is in the past. Change it before submitting.")
    return _transition(
        job,
        by=by,
        allowed_from=[Job.Status.DRAFT],
        to=Job.Status.PENDING,
        verb="submitted",
        submitted_at=timezone.now(),
    )


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
    job = _transition(
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
    _job_matches_refresh_after_commit(job)
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
    job = _transition(
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
def job_close(*, job, by, reason):
    _require_member(job, by)
    reason = Job.CloseReason(reason)
    job = _transition(
        job,
        by=by,
        allowed_from=[Job.Status.PUBLISHED],
        to=Job.Status.CLOSED,
        verb="closed",
        note=reason.label,
        close_reason=reason,
        closed_at=timezone.now(),
    )
    _job_matches_delete([job.pk])
    return job


@transaction.atomic
def job_reopen(*, job, by):
    """A closed job goes live again; an expired one goes back to review."""
    _require_member(job, by)
    job.refresh_from_db()
    now = timezone.now()
    past_closing_date = job.closing_date is not None and job.closing_date < timezone.localdate(now)
    if job.status == Job.Status.CLOSED and not past_closing_date:
        job = _transition(
            job,
            by=by,
            allowed_from=[Job.Status.CLOSED],
            to=Job.Status.PUBLISHED,
            verb="reopened",
            close_reason="",
            closed_at=None,
        )
        _job_matches_refresh_after_commit(job)
        return job
    return _transition(
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


def job_record_view(*, job, now=None):
    """Count one public view of a job's page. Nothing is written for the view
    itself: this process's views go to the database together, at most every
    JOB_VIEWS_FLUSH_SECONDS (listings.view_counter explains why)."""
    now = now or timezone.now()
    pending_views.add(job.pk, now.date())
    batch = pending_views.take(older_than=settings.JOB_VIEWS_FLUSH_SECONDS)
    if batch:
        _job_views_write(batch)


def job_views_flush():
    """Write every view this process counted and has not written yet."""
    batch = pending_views.take()
    if batch:
        _job_views_write(batch)


def _values(rows):
    """A VALUES list of placeholders for `rows` of equal length, and the flat params."""
    row = "(" + ", ".join(["%s"] * len(rows[0])) + ")"
    return ", ".join([row] * len(rows)), [value for values in rows for value in values]


def _job_views_write(batch):
    """Add a batch of {(job id, day): views} to JobViewDay and Job.view_count, in
    one short transaction. A database that refuses it costs the page nothing: the
    views are kept for the next batch."""
    per_day = [(job_id, day, views) for (job_id, day), views in batch.items()]
    totals = Counter()
    for job_id, _day, views in per_day:
        totals[job_id] += views
    days, jobs = JobViewDay._meta.db_table, Job._meta.db_table
    day_values, day_params = _values(per_day)
    total_values, total_params = _values(list(totals.items()))
    # VALUES columns are named column1, column2... on both SQLite and PostgreSQL.
    # Only jobs that still exist (one deleted since its view would fail the batch);
    # that WHERE also tells SQLite's parser the ON CONFLICT is the upsert's.
    add_days = (
        f"INSERT INTO {days} (job_id, day, views) "  # noqa: S608 - table names are ours
        f"SELECT v.column1, v.column2, v.column3 FROM (VALUES {day_values}) AS v "
        f"WHERE v.column1 IN (SELECT id FROM {jobs}) "
        f"ON CONFLICT (job_id, day) DO UPDATE SET views = {days}.views + excluded.views"
    )
    add_totals = (
        f"UPDATE {jobs} SET view_count = view_count + v.column2 "  # noqa: S608
        f"FROM (VALUES {total_values}) AS v WHERE {jobs}.id = v.column1"
    )
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(add_days, day_params)
            cursor.execute(add_totals, total_params)
    except DatabaseError:
        logger.warning("Could not write %d job views; keeping them for the next batch", sum(totals.values()))
        pending_views.give_back(batch)


# --- Moderation: screening and decisions --------------------------------------


def _screen_after_commit(job):
    from listings.tasks import job_screen_task

    transaction.on_commit(partial(job_screen_task.delay, job.pk), robust=True)


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
    from listings.tasks import job_screen_task

    now = now or timezone.now()
    missed = Job.objects.unscreened(submitted_before=now - SCREEN_MISSED_GRACE)
    job_ids = list(missed.values_list("pk", flat=True))
    for job_id in job_ids:
        job_screen_task.delay(job_id)
    return len(job_ids)


def _employer_recipient(job):
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


def _email_decision(job, *, template):
    recipient = _employer_recipient(job)
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


# --- Closing dates, expiry and reminders ------------------------------------------
# A job closes at the end of its closing date (Job.closing_date, the one source of
# truth); every page, feed, the sitemap and this expiry read it.

REMINDER_LEAD_TIME = timedelta(days=7)
EXTENSION = timedelta(days=30)


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
    _job_matches_delete(due)
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
    recipient = _employer_recipient(job)
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


@transaction.atomic
def job_extend(*, job, by, extension=EXTENSION):
    """Keep a published job live 30 more days (after its closing date, or after today
    if that is later); no new review is needed."""
    _require_member(job, by)
    current = Job.objects.select_for_update().filter(pk=job.pk).first() or job
    today = timezone.localdate()
    new_closing_date = max(current.closing_date or today, today) + extension
    return _transition(
        job,
        by=by,
        allowed_from=[Job.Status.PUBLISHED],
        to=Job.Status.PUBLISHED,
        verb="extended",
        note=f"Extended to {new_closing_date:%Y-%m-%d}",
        closing_date=new_closing_date,
    )


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
    actor = _employer_recipient(link.job)
    if actor is None:
        raise JobTransitionError("Nobody at the company can act on this job any more.")
    if link.action == "extend":
        return job_extend(job=link.job, by=actor)
    return job_close(job=link.job, by=actor, reason=Job.CloseReason.FILLED)


# --- Saved searches and alerts ------------------------------------------------

SAVED_SEARCH_UNSUBSCRIBE_SALT = "listings.saved-search-unsubscribe"
# A digest lists this many of the newest jobs, then links to the search for the rest.
DIGEST_MAX_JOBS = 20
DIGEST_BATCH = 500
# Jobs published in the last minute wait for the next digest: a job_approve
# transaction still in flight must not fall behind the watermark unseen.
DIGEST_PUBLISH_GRACE = timedelta(minutes=1)


class SavedSearchError(Exception):
    """The saved search can't be created or changed; the message says why, for the user."""


def _require_owner(saved_search, user):
    if saved_search.user_id != user.pk:
        raise PermissionDenied("This saved search belongs to someone else.")


def _check_saved_search_name(user, name, exclude_pk=None):
    same_name = SavedSearch.objects.filter(user=user, name__iexact=name).exclude(pk=exclude_pk)
    if same_name.exists():
        raise SavedSearchError(f"You already have a saved search called “{name}”. Choose another name.")


def saved_search_create(*, user, name, query, frequency, role=None, now=None):
    """Save a search (its query string, normalised) with email alerts on.

    The first digest comes one period from now, with the jobs published after now.
    """
    if not EmailAddress.objects.filter(user=user, verified=True).exists():
        raise SavedSearchError("Verify your email address first: alerts are sent to it.")
    skill_list = load_skills()
    query, _problems = normalise_query(query, skill_list=skill_list)
    if len(query) > MAX_SAVED_QUERY_LENGTH:
        raise SavedSearchError("This search has too many filters to save. Remove a few and try again.")
    name = (
        " ".join((name or "").split())[:100] or describe_query(query, skill_list=skill_list, role=role)[:100]
    )
    now = now or timezone.now()
    frequency = SavedSearch.Frequency(frequency)
    try:
        with transaction.atomic():
            # Serialise one user's saves (two tabs) so the limit holds.
            get_user_model().objects.select_for_update().filter(pk=user.pk).first()
            searches = SavedSearch.objects.filter(user=user)
            if searches.count() >= MAX_SAVED_SEARCHES:
                raise SavedSearchError(
                    f"You have {MAX_SAVED_SEARCHES} saved searches, the most we keep. "
                    "Delete one you no longer need, then save this one."
                )
            duplicate = searches.filter(query=query, role=role).first()
            if duplicate:
                raise SavedSearchError(f"You already saved this search as “{duplicate.name}”.")
            _check_saved_search_name(user, name)
            saved_search = SavedSearch(
                user=user,
                name=name,
                query=query,
                role=role,
                frequency=frequency,
                last_digest_at=now,
            )
            saved_search.next_digest_at = now + saved_search.interval
            saved_search.save()
    except IntegrityError as error:  # the same name saved at the same moment
        raise SavedSearchError(f"You already have a saved search called “{name}”.") from error
    return saved_search


@transaction.atomic
def saved_search_update(*, saved_search, by, name, frequency, alerts_enabled, now=None):
    """Rename, change the frequency, switch alerts on or off.

    A new frequency counts from now. Switching alerts back on starts from now too:
    the next digest has the jobs published after this moment, not a backlog.
    """
    _require_owner(saved_search, by)
    now = now or timezone.now()
    name = " ".join(name.split())
    _check_saved_search_name(by, name, exclude_pk=saved_search.pk)
    was_enabled, old_frequency = saved_search.alerts_enabled, saved_search.frequency
    saved_search.name = name
    saved_search.frequency = SavedSearch.Frequency(frequency)
    saved_search.alerts_enabled = alerts_enabled
    # Only what the user changed: the schedule is the digest run's, unless it must restart.
    fields = ["name", "frequency", "alerts_enabled", "updated_at"]
    if not alerts_enabled:
        saved_search.next_digest_at = None
        fields.append("next_digest_at")
    elif not was_enabled:
        saved_search.last_digest_at = now
        saved_search.next_digest_at = now + saved_search.interval
        fields += ["last_digest_at", "next_digest_at"]
    elif old_frequency != saved_search.frequency:
        saved_search.next_digest_at = now + saved_search.interval
        fields.append("next_digest_at")
    try:
        with transaction.atomic():
            saved_search.save(update_fields=fields)
    except IntegrityError as error:
        raise SavedSearchError(f"You already have a saved search called “{name}”.") from error
    return saved_search


def saved_search_set_alerts(*, saved_search, by, enabled, now=None):
    """The on/off switch of the list page."""
    return saved_search_update(
        saved_search=saved_search,
        by=by,
        name=saved_search.name,
        frequency=saved_search.frequency,
        alerts_enabled=enabled,
        now=now,
    )


def saved_search_delete(*, saved_search, by):
    _require_owner(saved_search, by)
    saved_search.delete()


def saved_search_unsubscribe(*, saved_search):
    """Alerts off, search kept. False if they already were off (a second click)."""
    updated = SavedSearch.objects.filter(pk=saved_search.pk, alerts_enabled=True).update(
        alerts_enabled=False, next_digest_at=None, updated_at=timezone.now()
    )
    saved_search.alerts_enabled, saved_search.next_digest_at = False, None
    return bool(updated)


def saved_search_unsubscribe_url(saved_search):
    """A link that switches this search's alerts off without logging in.

    It names the search and its owner, signed with a salt used for nothing else;
    it doesn't expire (an old email's unsubscribe link must keep working).
    """
    token = signing.dumps(
        {"s": saved_search.pk, "u": saved_search.user_id}, salt=SAVED_SEARCH_UNSUBSCRIBE_SALT, compress=True
    )
    return reverse("searches:unsubscribe", kwargs={"token": token})


def saved_search_from_unsubscribe_token(token):
    """The saved search a token names; raises signing.BadSignature if it is not one of ours.

    Returns None for a valid token whose search was deleted since.
    """
    payload = signing.loads(token, salt=SAVED_SEARCH_UNSUBSCRIBE_SALT)
    if not isinstance(payload, dict) or not isinstance(payload.get("s"), int):
        raise signing.BadSignature("Not a saved-search token")
    return (
        SavedSearch.objects.select_related("user", "role")
        .filter(pk=payload["s"], user_id=payload.get("u"))
        .first()
    )


def _next_digest_after(scheduled, interval, now):
    """The next slot on the search's own schedule that is after now (missed slots are skipped)."""
    if scheduled + interval > now:
        return scheduled + interval
    return scheduled + interval * ((now - scheduled) // interval + 1)


def _digest_filterset(query, *, skill_list, filtersets):
    """The search page's FilterSet for a saved query, validated once per distinct query
    in a run. "Posted within" is left out: the watermark says what is new."""
    if query not in filtersets:
        data = query_data(query)
        data.pop("posted", None)
        filterset = SavedSearchFilterSet(data, queryset=Job.objects.none(), skill_list=skill_list)
        filterset.errors  # noqa: B018 - validates the form, as FilterSet.qs does
        filtersets[query] = filterset
    return filtersets[query]


def _digest_filters(filterset, role_id=None):
    """The search as independent filters, each (key, query data for the FilterSet).

    Every filter of JobFilterSet narrows the jobs on its own (they are ANDed), so the
    search's jobs are the intersection of each filter's jobs. Salary is read with its
    currency; each skill is a filter of its own (all of them are required).
    """
    data = filterset.form.cleaned_data
    filters = []
    for name, value in data.items():
        if name in ("sort", "currency", "posted") or value in (None, "", False, [], ()):
            continue
        if name == "salary":
            currency = data.get("currency") or "USD"
            filters.append((("salary", value, currency), {"salary": str(value), "currency": currency}))
        elif name == "skills":
            filters.extend((("skills", slug), {"skills": [slug]}) for slug in value)
        elif isinstance(value, list | tuple):
            filters.append(((name, *sorted(value)), {name: list(value)}))
        elif value is True:
            filters.append(((name,), {name: "1"}))
        else:
            filters.append(((name, value), {name: value}))
    if role_id:
        filters.append((("role", role_id), None))
    return filters


def _digest_job_ids(saved_search, *, filterset, now, cutoff):
    """One search's digest in one query: ids of the newest open jobs matching it published
    since its watermark, at most DIGEST_MAX_JOBS + 1 (to know there are more). The
    reference for _DigestWindow, and its fallback."""
    jobs = Job.objects.open(now).filter(
        published_at__gt=saved_search.last_digest_at, published_at__lte=cutoff
    )
    if saved_search.role_id:
        jobs = jobs.for_role(saved_search.role_id)
    matches = filterset.filter_queryset(jobs).order_by("-published_at", "-pk")
    return list(matches.values_list("pk", flat=True)[: DIGEST_MAX_JOBS + 1])


class _DigestWindow:
    """The open jobs published in (start, cutoff], and the ids of those matching each
    filter the due searches use, computed once per filter through the search page's
    FilterSet (set-based: a few hundred queries for ten thousand searches).

    One query per search was too slow: "the newest 21 matching jobs published since
    X" walks every job of the week in date order when few match (~75 ms each).
    """

    def __init__(self, *, start, now, cutoff, skill_list):
        self.start, self.skill_list = start, skill_list
        self.jobs = Job.objects.open(now).filter(published_at__gt=start, published_at__lte=cutoff)
        self.newest_first = list(self.jobs.order_by("-published_at", "-pk").values_list("pk", "published_at"))
        self.published_at = dict(self.newest_first)
        self.matching = {}

    def covers(self, since):
        return since >= self.start

    def _ids(self, key, data):
        if key not in self.matching:
            if key[0] == "role":
                jobs = self.jobs.for_role(key[1])
            else:
                filterset = SavedSearchFilterSet(
                    query_data(data), queryset=self.jobs, skill_list=self.skill_list
                )
                jobs = filterset.qs
            self.matching[key] = set(jobs.order_by().values_list("pk", flat=True))
        return self.matching[key]

    def newest_matching(self, filters, *, since, limit):
        """Ids of the newest jobs passing every filter published after `since`, newest first."""
        sets = sorted((self._ids(key, data) for key, data in filters), key=len)
        if not sets:
            candidates = None
        else:
            candidates = sets[0].intersection(*sets[1:])
            if len(candidates) < limit * 50:
                ids = [pk for pk in candidates if self.published_at[pk] > since]
                ids.sort(key=lambda pk: (self.published_at[pk], pk), reverse=True)
                return ids[:limit]
        ids = []
        for pk, published_at in self.newest_first:
            if published_at <= since or len(ids) == limit:
                break
            if candidates is None or pk in candidates:
                ids.append(pk)
        return ids


def _digest_card(job):
    """A job as digests list it, rendered once per run however many digests list it
    (rendering it inside each email was a third of a 10,000-search run)."""
    context = {"job": job, "url": absolute_url(job.get_absolute_url())}
    return {
        "text": render_to_string("listings/email/saved_search_digest_job.txt", context).strip(),
        # Rendered (and escaped) by its template: safe to insert as it is.
        "html": mark_safe(render_to_string("listings/email/saved_search_digest_job.html", context).strip()),  # noqa: S308
    }


def _digest_cards(job_ids, cards):
    """Add the cards of `job_ids` missing from `cards`, in one query."""
    missing = set(job_ids) - cards.keys()
    if missing:
        jobs = Job.objects.select_related("company").only(
            "pk",
            "title",
            "slug",
            "city",
            "country",
            "work_mode",
            "salary_min",
            "salary_max",
            "salary_currency",
            "salary_period",
            "company__name",
        )
        cards.update({pk: _digest_card(job) for pk, job in jobs.in_bulk(missing).items()})
    return cards


def saved_searches_send_due(*, now=None, batch_size=DIGEST_BATCH):
    """Write the digest email of every due saved search. Returns {"processed", "emailed"}.

    Per search: the open jobs matching its query published since its watermark, up
    to the cutoff (now minus a minute). With new jobs, one outbox email keyed by the
    search and its scheduled slot; without, none. Either way the watermark moves to
    the cutoff (every job published before it was considered) and the next slot is set.

    Searches go in batches, one transaction each: the batch's rows are locked
    (SELECT … FOR UPDATE SKIP LOCKED, re-checking they are still due), their emails
    written and their schedules moved on in one UPDATE, then committed together. An
    overlapping run skips the rows this one holds and finds them no longer due once
    it commits; a run that dies mid-batch leaves that batch due for the next run.
    """
    now = now or timezone.now()
    cutoff = now - DIGEST_PUBLISH_GRACE
    # Newest watermarks first: daily searches share a day's window of jobs, weekly ones a week's.
    due = list(
        SavedSearch.objects.due(now).order_by("-last_digest_at", "pk").values_list("pk", "last_digest_at")
    )
    skill_list = load_skills()
    cards, filtersets, window = {}, {}, None
    processed = emailed = 0
    for start in range(0, len(due), batch_size):
        batch = due[start : start + batch_size]
        oldest = min(last_digest_at for _, last_digest_at in batch)
        if window is None or not window.covers(oldest):
            # Some slack, so the next batches (slightly older watermarks) fit the same window.
            window = _DigestWindow(
                start=oldest - (cutoff - oldest) / 10, now=now, cutoff=cutoff, skill_list=skill_list
            )
        with transaction.atomic():
            searches = list(
                SavedSearch.objects.due(now)
                .filter(pk__in=[pk for pk, _ in batch])
                .select_related("user", "role")
                .select_for_update(skip_locked=True, of=("self",))
                .order_by("pk")
            )
            found = {}
            for saved_search in searches:
                filterset = _digest_filterset(
                    saved_search.query, skill_list=skill_list, filtersets=filtersets
                )
                if window.covers(saved_search.last_digest_at):
                    ids = window.newest_matching(
                        _digest_filters(filterset, saved_search.role_id),
                        since=saved_search.last_digest_at,
                        limit=DIGEST_MAX_JOBS + 1,
                    )
                else:  # its watermark moved back since the batch was listed (alerts switched on again)
                    ids = _digest_job_ids(saved_search, filterset=filterset, now=now, cutoff=cutoff)
                found[saved_search.pk] = filterset, ids
            _digest_cards({pk for _, ids in found.values() for pk in ids[:DIGEST_MAX_JOBS]}, cards)
            for saved_search in searches:
                filterset, ids = found[saved_search.pk]
                slot = saved_search.next_digest_at
                jobs = [cards[pk] for pk in ids[:DIGEST_MAX_JOBS] if pk in cards]
                if jobs:
                    _saved_search_write_digest(
                        saved_search,
                        slot=slot,
                        jobs=jobs,
                        more=len(ids) > DIGEST_MAX_JOBS,
                        summary=describe_search(filterset, saved_search.role),
                    )
                    saved_search.last_sent_at = now
                    emailed += 1
                saved_search.next_digest_at = _next_digest_after(slot, saved_search.interval, now)
                saved_search.last_digest_at = max(cutoff, saved_search.last_digest_at)
            SavedSearch.objects.bulk_update(searches, ["next_digest_at", "last_digest_at", "last_sent_at"])
            processed += len(searches)
    return {"processed": processed, "emailed": emailed}


def _saved_search_write_digest(saved_search, *, slot, jobs, more, summary):
    """The digest email of one slot of a search, in the outbox (once per search and slot)."""
    unsubscribe_url = absolute_url(saved_search_unsubscribe_url(saved_search))
    return email_outbox_add_from_templates(
        key=f"saved-search:{saved_search.pk}:{slot:%Y-%m-%d}",
        to=saved_search.user.email,
        template_prefix="listings/email/saved_search_digest",
        context={
            "recipient": saved_search.user,
            "saved_search": saved_search,
            "summary": summary,
            "jobs": jobs,
            "more": more,
            "search_url": absolute_url(saved_search.get_search_url()),
            "manage_url": absolute_url(reverse("searches:list")),
            "unsubscribe_url": unsubscribe_url,
        },
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


# --- Matching ------------------------------------------------------------------
# listings.matching scores (job, seeker) pairs; these services keep the JobMatch rows
# in step with jobs and profiles. Every seeker with an active account and a profile
# gets rows (they drive their own "Recommended for you"); what employers see is
# limited to opted-in seekers by JobMatchQuerySet.suggested_candidates_for.


def _matches_store(*, stored, key_field, matches, pair):
    """Upsert the matches whose score or reasons changed; delete the stored pairs that
    no longer match.

    `stored` is the queryset of the rows in scope (one job's, or one seeker's), keyed
    by `key_field` (the other side's id); `matches` is {key: Match}; `pair(key)` gives
    (job_id, seeker_id). Batches commit one by one (short locks, no huge transaction);
    the upsert on (job, seeker) means a re-run after a crash, even halfway, ends with
    exactly one row per pair. Returns the counts.
    """
    now = timezone.now()
    size = settings.MATCHING_BATCH_SIZE
    keys = sorted(matches)
    if connection.vendor == "postgresql":
        # PostgreSQL compares in the upsert itself: no stored reasons come back to Python.
        existing = set(stored.values_list(key_field, flat=True))
        batches = [keys[start : start + size] for start in range(0, len(keys), size)]
        upsert = _matches_upsert_copy
    else:
        stored_rows = stored.values_list(key_field, "score", "reasons")
        existing = {key: (score, reasons) for key, score, reasons in stored_rows}
        changed = [key for key in keys if existing.get(key) != (matches[key].score, matches[key].reasons)]
        batches = [changed[start : start + size] for start in range(0, len(changed), size)]
        upsert = _matches_upsert_bulk_create
    written = 0
    for batch in batches:
        with transaction.atomic():
            written += upsert([(*pair(key), matches[key]) for key in batch], now)
        if settings.MATCHING_BATCH_PAUSE:  # tests only: time to kill a worker mid-task
            sleep(settings.MATCHING_BATCH_PAUSE)
    gone = sorted(set(existing) - matches.keys())
    deleted = 0
    for start in range(0, len(gone), size):
        deleted += stored.filter(**{f"{key_field}__in": gone[start : start + size]}).delete()[0]
    return {"matches": len(matches), "written": written, "deleted": deleted}


def _matches_upsert_bulk_create(rows, now):
    JobMatch.objects.bulk_create(
        [
            JobMatch(
                job_id=job_id, seeker_id=seeker_id, score=match.score, reasons=match.reasons, computed_at=now
            )
            for job_id, seeker_id, match in rows
        ],
        update_conflicts=True,
        unique_fields=["job", "seeker"],
        update_fields=["score", "reasons", "computed_at"],
    )
    return len(rows)


def _matches_upsert_copy(rows, now):
    """PostgreSQL: COPY the rows into temporary tables, then one INSERT … ON CONFLICT
    that rewrites a stored row only when its score or reasons differ. Returns how many
    rows were inserted or changed.

    Pairs with the same facts share one reasons list (listings.matching scores each
    combination once), so each distinct list is sent once and joined in by number:
    a third of the bytes for a job matching many seekers.
    """
    import json

    from psycopg import sql as psycopg_sql

    numbers = {}
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE jobmatch_reasons (n integer, reasons jsonb) ON COMMIT DROP")
        cursor.execute(
            "CREATE TEMPORARY TABLE jobmatch_incoming "
            "(job_id bigint, seeker_id bigint, score smallint, n integer) ON COMMIT DROP"
        )
        with cursor.cursor.copy("COPY jobmatch_reasons (n, reasons) FROM STDIN") as copy:
            for _, _, match in rows:
                if id(match.reasons) not in numbers:
                    numbers[id(match.reasons)] = len(numbers)
                    copy.write_row((len(numbers) - 1, json.dumps(match.reasons)))
        with cursor.cursor.copy("COPY jobmatch_incoming (job_id, seeker_id, score, n) FROM STDIN") as copy:
            for job_id, seeker_id, match in rows:
                copy.write_row((job_id, seeker_id, match.score, numbers[id(match.reasons)]))
        cursor.execute(
            psycopg_sql.SQL(
                "INSERT INTO {table} (job_id, seeker_id, score, reasons, computed_at) "
                "SELECT i.job_id, i.seeker_id, i.score, r.reasons, %s "
                "FROM jobmatch_incoming i JOIN jobmatch_reasons r ON r.n = i.n "
                "ON CONFLICT (job_id, seeker_id) DO UPDATE SET score = EXCLUDED.score, "
                "reasons = EXCLUDED.reasons, computed_at = EXCLUDED.computed_at "
                "WHERE {table}.score IS DISTINCT FROM EXCLUDED.score "
                "OR {table}.reasons IS DISTINCT FROM EXCLUDED.reasons"
            ).format(table=psycopg_sql.Identifier(JobMatch._meta.db_table)),
            [now],
        )
        written = cursor.rowcount
        # Dropped now, not only at commit: the caller may be inside a longer transaction.
        cursor.execute("DROP TABLE jobmatch_incoming, jobmatch_reasons")
    return written


def job_matches_refresh(*, job):
    """Score one job against every seeker and store the pairs reaching the threshold.

    A job that is not open loses its rows instead. Set-based: one aggregate query
    finds the seekers who can reach the threshold, Python scores them, the changed
    rows are upserted in batches. Idempotent: a re-run writes nothing.
    """
    job = Job.objects.filter(pk=job.pk).first()
    if job is None:
        return {"matches": 0, "written": 0, "deleted": 0}
    if not job.is_open:
        deleted = _job_matches_delete([job.pk])
        return {"matches": 0, "written": 0, "deleted": deleted}
    matches = matching.score_job_against_seekers(matching.job_facts_for(job))
    return _matches_store(
        stored=JobMatch.objects.filter(job=job),
        key_field="seeker_id",
        matches=matches,
        pair=lambda seeker_id: (job.pk, seeker_id),
    )


def seeker_matches_refresh(*, user):
    """Score one seeker's profile against every open job and store the pairs reaching
    the threshold; a deactivated account or one without a profile loses its rows."""
    seeker = matching.seeker_facts_for(user)
    if seeker is None:
        deleted, _ = JobMatch.objects.filter(seeker=user).delete()
        return {"matches": 0, "written": 0, "deleted": deleted}
    return _matches_store(
        stored=JobMatch.objects.filter(seeker=user),
        key_field="job_id",
        matches=matching.score_seeker_against_jobs(seeker),
        pair=lambda job_id: (job_id, user.pk),
    )


def matches_prune(*, now=None):
    """Delete the rows of jobs no longer open and of seekers no longer matchable. Returns how many."""
    now = now or timezone.now()
    jobs_gone, _ = JobMatch.objects.exclude(job__in=Job.objects.open(now=now).values("pk")).delete()
    seekers_gone, _ = JobMatch.objects.exclude(
        seeker__in=matching.matchable_profiles().values("user_id")
    ).delete()
    return jobs_gone + seekers_gone


def matches_refresh_all(*, since=None, enqueue=False, now=None):
    """The safety net: prune, then recompute.

    `since=None` recomputes every open job against every seeker (after changing the
    weights; affordable on small sites). With `since`, only what changed since then:
    jobs published or edited, and profiles saved — which is what an enqueue lost while
    the broker was down can have missed (the nightly task passes the last 26 hours).
    `enqueue=True` hands each job and profile to its own task instead of computing here.
    """
    from listings.tasks import job_matches_refresh_task, seeker_matches_refresh_task

    now = now or timezone.now()
    pruned = matches_prune(now=now)
    jobs = Job.objects.open(now=now)
    seekers = matching.matchable_profiles().none()
    if since is not None:
        jobs = jobs.filter(Q(published_at__gte=since) | Q(updated_at__gte=since))
        seekers = matching.matchable_profiles().filter(updated_at__gte=since)
    job_ids = list(jobs.order_by("pk").values_list("pk", flat=True))
    seeker_ids = list(seekers.order_by("user_id").values_list("user_id", flat=True))
    for job_id in job_ids:
        if enqueue:
            job_matches_refresh_task.delay(job_id)
        else:
            job_matches_refresh(job=Job(pk=job_id))
    for user_id in seeker_ids:
        if enqueue:
            seeker_matches_refresh_task.delay(user_id)
        else:
            seeker_matches_refresh(user=get_user_model()(pk=user_id))
    return {"pruned": pruned, "jobs": len(job_ids), "seekers": len(seeker_ids)}


def _job_matches_delete(job_ids):
    deleted, _ = JobMatch.objects.filter(job_id__in=job_ids).delete()
    return deleted


def _job_matches_refresh_after_commit(job):
    from listings.tasks import job_matches_refresh_task

    # robust: a broker outage must not fail the publish; the nightly run catches up.
    transaction.on_commit(partial(job_matches_refresh_task.delay, job.pk), robust=True)
