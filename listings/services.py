"""Writes for listings: companies, memberships, and every job state transition."""

from datetime import datetime, time, timedelta
from functools import partial

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import F, Func, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from accounts.services import email_outbox_add_from_templates

from . import screening
from .currency import yearly_usd
from .models import (
    DEFAULT_JOB_LIFETIME,
    ApplicantLocation,
    Company,
    CompanyInvitation,
    Job,
    JobEvent,
    JobSkill,
    Membership,
    RejectionReason,
    ScreeningFlag,
)

# Changing these on a published job changes what candidates rely on: back to review.
MATERIAL_FIELDS = ("title", "description", "salary_min", "salary_max", "salary_currency", "salary_period")

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


@transaction.atomic
def job_update(*, job, by, fields, required_skills=(), nice_skills=(), applicant_locations=()):
    """Save an employer's edits.

    A rejected job becomes a draft again. A published job whose title,
    description or salary changed goes back to review; other edits stay live.
    """
    _require_member(job, by)
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.status in (Job.Status.CLOSED, Job.Status.EXPIRED):
        raise JobTransitionError("This job is closed. Reopen it before editing.")
    material_change = any(name in fields and fields[name] != getattr(job, name) for name in MATERIAL_FIELDS)
    for name in EDITABLE_FIELDS:
        if name in fields:
            setattr(job, name, fields[name])
    previous_status = job.status
    if job.status == Job.Status.REJECTED:
        job.status = Job.Status.DRAFT
    elif job.status == Job.Status.PUBLISHED and material_change:
        job.status = Job.Status.PENDING
        job.submitted_at = timezone.now()
    job.save()
    _set_skills(job, required_skills, nice_skills)
    _set_applicant_locations(job, applicant_locations)
    if job.status != previous_status:
        note = (
            "Edited after rejection"
            if previous_status == Job.Status.REJECTED
            else "Material edit: back to review"
        )
        JobEvent.objects.create(
            job=job, actor=by, from_status=previous_status, to_status=job.status, note=note
        )
    job_refresh_derived(job=job)
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


def _expiry_for(job, now):
    if job.closing_date:
        return timezone.make_aware(datetime.combine(job.closing_date, time.max))
    return now + DEFAULT_JOB_LIFETIME


@transaction.atomic
def job_submit(*, job, by):
    """The employer sends a draft to the moderators."""
    _require_member(job, by)
    if job.closing_date and job.closing_date < timezone.localdate():
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
    """Staff publish a pending job; it expires on its closing date or after 60 days."""
    _require_staff(by)
    now = timezone.now()
    job = _transition(
        job,
        by=by,
        allowed_from=[Job.Status.PENDING],
        to=Job.Status.PUBLISHED,
        verb="approved",
        note=note,
        published_at=now,
        expires_at=_expiry_for(job, now),
        rejection_reason="",
    )
    _email_decision(job, template="listings/email/job_approved")
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
    return _transition(
        job,
        by=by,
        allowed_from=[Job.Status.PUBLISHED],
        to=Job.Status.CLOSED,
        verb="closed",
        note=reason.label,
        close_reason=reason,
        closed_at=timezone.now(),
    )


@transaction.atomic
def job_reopen(*, job, by):
    """A closed job goes live again; an expired one goes back to review."""
    _require_member(job, by)
    job.refresh_from_db()
    now = timezone.now()
    past_expiry = job.expires_at is not None and job.expires_at <= now
    if job.status == Job.Status.CLOSED and not past_expiry:
        return _transition(
            job,
            by=by,
            allowed_from=[Job.Status.CLOSED],
            to=Job.Status.PUBLISHED,
            verb="reopened",
            close_reason="",
            closed_at=None,
        )
    return _transition(
        job,
        by=by,
        allowed_from=[Job.Status.CLOSED, Job.Status.EXPIRED],
        to=Job.Status.PENDING,
        verb="reopened",
        note="Reopened after expiry: back to review",
        close_reason="",
        closed_at=None,
        submitted_at=now,
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


def job_record_view(*, job):
    Job.objects.filter(pk=job.pk).update(view_count=F("view_count") + Value(1))


# --- Moderation: screening and decisions --------------------------------------


def _screen_after_commit(job):
    from .tasks import job_screen_task

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


def _absolute(path):
    return settings.SITE_URL + path


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
            "job_url": _absolute(job.get_absolute_url()),
            "dashboard_url": _absolute(reverse("employer:dashboard")),
        },
    )


# --- Expiry and reminders ------------------------------------------------------

REMINDER_LEAD_TIME = timedelta(days=7)
EXTENSION = timedelta(days=30)


@transaction.atomic
def jobs_expire_due(*, now=None):
    """Expire every published job past its expiry date. Returns how many; a re-run expires none."""
    now = now or timezone.now()
    due = list(
        Job.objects.published()
        .filter(expires_at__lte=now)
        .select_for_update(skip_locked=True)
        .values_list("pk", flat=True)
    )
    Job.objects.filter(pk__in=due, status=Job.Status.PUBLISHED).update(
        status=Job.Status.EXPIRED, updated_at=now
    )
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
    """Email each employer once per expiry date, a week before, with one-click links."""
    now = now or timezone.now()
    due = (
        Job.objects.published()
        .filter(expires_at__gt=now, expires_at__lte=now + REMINDER_LEAD_TIME)
        .exclude(expiry_reminder_sent_for=F("expires_at"))
        .select_related("company", "posted_by")
    )
    sent = 0
    for job in due.iterator(chunk_size=500):
        sent += job_remind_expiring(job=job)
    return sent


@transaction.atomic
def job_remind_expiring(*, job):
    """Claim the reminder for this expiry date, then record its email. False if already sent."""
    claimed = (
        Job.objects.filter(pk=job.pk, status=Job.Status.PUBLISHED, expires_at=job.expires_at)
        .exclude(expiry_reminder_sent_for=job.expires_at)
        .update(expiry_reminder_sent_for=job.expires_at)
    )
    recipient = _employer_recipient(job)
    if not claimed or recipient is None:
        return False
    email_outbox_add_from_templates(
        key=f"job-expiry-reminder:{job.pk}:{job.expires_at:%Y%m%d%H%M%S}",
        to=recipient.email,
        template_prefix="listings/email/job_expiry_reminder",
        context={
            "job": job,
            "recipient": recipient,
            "job_url": _absolute(job.get_absolute_url()),
            "extend_url": _absolute(job_action_url(job, "extend")),
            "filled_url": _absolute(job_action_url(job, "filled")),
            "dashboard_url": _absolute(reverse("employer:dashboard")),
        },
    )
    return True


@transaction.atomic
def job_extend(*, job, by, extension=EXTENSION):
    """Keep a published job live 30 more days; no new review is needed."""
    _require_member(job, by)
    new_expiry = (job.expires_at or timezone.now()) + extension
    job = _transition(
        job,
        by=by,
        allowed_from=[Job.Status.PUBLISHED],
        to=Job.Status.PUBLISHED,
        verb="extended",
        note=f"Extended to {new_expiry:%Y-%m-%d}",
        expires_at=new_expiry,
    )
    return job


# --- One-click links in emails ------------------------------------------------

JOB_ACTION_SALT = "listings.job-action"
JOB_ACTIONS = ("extend", "filled")
JOB_ACTION_MAX_AGE = timedelta(days=14)


def job_action_url(job, action):
    """A signed link doing one thing to one job at its current expiry date."""
    token = signing.dumps(
        {"job": job.pk, "action": action, "expires": job.expires_at.isoformat()}, salt=JOB_ACTION_SALT
    )
    return reverse("job_action", kwargs={"token": token})


def job_action_from_token(token):
    """(job, action) for a valid token; raises signing.BadSignature (incl. expired) otherwise.

    A token only works for the expiry date it was issued for, so it can't be
    replayed after the job was extended or reopened.
    """
    payload = signing.loads(token, salt=JOB_ACTION_SALT, max_age=JOB_ACTION_MAX_AGE)
    if payload.get("action") not in JOB_ACTIONS:
        raise signing.BadSignature("Unknown action")
    job = Job.objects.select_related("company", "posted_by").filter(pk=payload.get("job")).first()
    if job is None:
        raise signing.BadSignature("Unknown job")
    if job.expires_at is None or job.expires_at.isoformat() != payload.get("expires"):
        raise JobTransitionError("This link was for an earlier expiry date of the job; it no longer applies.")
    return job, payload["action"]


def job_apply_action(*, job, action):
    """What a one-click link does, on behalf of the employer it was sent to."""
    actor = _employer_recipient(job)
    if actor is None:
        raise JobTransitionError("Nobody at the company can act on this job any more.")
    if action == "extend":
        return job_extend(job=job, by=actor)
    return job_close(job=job, by=actor, reason=Job.CloseReason.FILLED)
