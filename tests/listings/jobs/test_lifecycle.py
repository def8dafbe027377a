"""Every job transition, by who may and may not make it (listings/services/)."""

from datetime import date, datetime, time, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.utils import timezone

from listings.models import DEFAULT_JOB_LIFETIME, Job, JobEvent, Membership
from listings.services.companies import company_create, company_invitations_accept, company_invite
from listings.services.jobs import (
    JobTransitionError,
    job_close,
    job_create,
    job_duplicate,
    job_reopen,
    job_submit,
    job_update,
)
from listings.services.moderation import company_verify, job_approve, job_reject
from tests.factories import CompanyFactory, JobFactory, UserFactory, employer_of, skill

pytestmark = pytest.mark.django_db


@pytest.fixture
def company():
    return CompanyFactory()


@pytest.fixture
def member(company):
    return employer_of(company)


@pytest.fixture
def outsider():
    return employer_of(CompanyFactory())


def job_fields(**overrides):
    return {
        "title": "Senior Django Engineer",
        "description": "Build **APIs**.",
        "level": "senior",
        "work_mode": "hybrid",
        "city": "Lisbon",
        "country": "PT",
        "salary_min": 60000,
        "salary_max": 80000,
        "salary_currency": "EUR",
        "salary_period": "year",
        **overrides,
    }


def events(job):
    return list(JobEvent.objects.filter(job=job).values_list("from_status", "to_status"))


# --- create and edit ---------------------------------------------------------


def test_member_creates_a_draft_with_skills_and_derived_fields(company, member):
    job = job_create(
        company=company,
        by=member,
        fields=job_fields(),
        required_skills=[skill("django"), skill("postgresql")],
        nice_skills=[skill("docker"), skill("django")],  # a required skill can't also be nice
    )

    assert job.status == Job.Status.DRAFT
    assert job.posted_by == member
    assert job.slug == "senior-django-engineer"
    assert {(js.skill.slug, js.is_required) for js in job.job_skills.all()} == {
        ("django", True),
        ("postgresql", True),
        ("docker", False),
    }
    assert job.salary_max_usd == 86400  # 80,000 EUR at the fixed rate
    assert "postgres" in job.skills_text  # aliases searchable
    assert events(job) == [("", "draft")]


def test_outsider_cannot_create_a_job_for_another_company(company, outsider):
    with pytest.raises(PermissionDenied):
        job_create(company=company, by=outsider, fields=job_fields())


def test_remote_job_keeps_applicant_locations_and_onsite_drops_them(company, member):
    job = job_create(
        company=company, by=member, fields=job_fields(work_mode="remote"), applicant_locations=["eu", "GB"]
    )
    assert sorted(job.applicant_locations.values_list("code", flat=True)) == ["EU", "GB"]

    job = job_update(job=job, by=member, fields=job_fields(work_mode="onsite"), applicant_locations=["EU"])
    assert not job.applicant_locations.exists()


def test_salary_bounds_are_enforced_by_the_database(company):
    with pytest.raises(IntegrityError):
        JobFactory(company=company, salary_min=90000, salary_max=80000)


def test_editing_a_rejected_job_makes_it_a_draft(member, company):
    job = JobFactory(company=company, rejected=True)

    job = job_update(job=job, by=member, fields=job_fields(title="Better title"))

    assert job.status == Job.Status.DRAFT
    assert events(job)[-1] == ("rejected", "draft")


@pytest.mark.parametrize(
    "change",
    [
        {"title": "Staff Django Engineer"},
        {"description": "Something else entirely"},
        {"salary_min": 50000},
        {"salary_max": 95000},
        {"salary_currency": "GBP"},
        {"salary_period": "month"},
    ],
)
def test_material_edit_of_a_published_job_goes_back_to_review(member, company, change):
    job = JobFactory(company=company, published=True, **job_fields())

    job = job_update(job=job, by=member, fields=job_fields(**change))

    assert job.status == Job.Status.PENDING
    assert events(job)[-1] == ("published", "pending")


def test_minor_edit_of_a_published_job_stays_live(member, company):
    job = JobFactory(company=company, published=True, **job_fields())

    job = job_update(
        job=job,
        by=member,
        fields=job_fields(visa_sponsorship=True, city="Porto"),
        required_skills=[skill("flask")],
    )

    assert job.status == Job.Status.PUBLISHED
    assert job.city == "Porto"
    assert list(job.skills.values_list("slug", flat=True)) == ["flask"]


def test_a_description_back_from_a_browser_is_not_a_change(member, company):
    """Stored by code with LF line ends and a final newline; sent back by a browser with
    CRLF and stripped by the form: the same text, so the job stays live."""
    job = JobFactory(
        company=company, published=True, **job_fields(description="## Role\n\nBuild **APIs**.\n")
    )

    job = job_update(
        job=job, by=member, fields=job_fields(description="## Role\r\n\r\nBuild **APIs**.", city="Porto")
    )

    assert job.status == Job.Status.PUBLISHED
    assert job.material_changes == []
    assert job.description == "## Role\n\nBuild **APIs**."


def test_services_store_text_normalised_whoever_calls_them(member, company):
    job = job_create(
        company=company,
        by=member,
        fields=job_fields(title=" Senior\tDjango  Engineer ", description="\r\nLine one\r\nLine two\n\n"),
    )

    assert job.title == "Senior Django Engineer"
    assert job.description == "Line one\nLine two"


def test_a_live_job_keeps_its_closing_date_when_an_edit_leaves_it_out(member, company):
    closing = timezone.localdate() + timedelta(days=9)
    job = JobFactory(company=company, published=True, closing_date=closing, **job_fields())

    job = job_update(job=job, by=member, fields=job_fields(closing_date=None, city="Porto"))

    assert job.closing_date == closing


def test_a_live_job_cannot_get_a_closing_date_in_the_past(member, company):
    job = JobFactory(company=company, published=True, **job_fields())

    with pytest.raises(JobTransitionError, match="can't be in the past"):
        job_update(
            job=job, by=member, fields=job_fields(closing_date=timezone.localdate() - timedelta(days=1))
        )


def test_closed_job_cannot_be_edited(member, company):
    job = JobFactory(company=company, closed=True)

    with pytest.raises(JobTransitionError):
        job_update(job=job, by=member, fields=job_fields())


def test_outsider_cannot_edit(outsider, company):
    job = JobFactory(company=company)

    with pytest.raises(PermissionDenied):
        job_update(job=job, by=outsider, fields=job_fields())


# --- submit, approve, reject -------------------------------------------------


def test_member_submits_a_draft_for_review(member, company):
    job = JobFactory(company=company)

    job = job_submit(job=job, by=member)

    assert job.status == Job.Status.PENDING
    assert job.submitted_at is not None
    assert events(job) == [("draft", "pending")]


@pytest.mark.parametrize("state", ["pending", "published", "rejected", "closed", "expired"])
def test_only_drafts_can_be_submitted(member, company, state):
    job = JobFactory(company=company, **{state: True})

    with pytest.raises(JobTransitionError, match="can't be submitted"):
        job_submit(job=job, by=member)


def test_submit_refuses_a_closing_date_in_the_past(member, company):
    job = JobFactory(company=company, closing_date=date.today() - timedelta(days=1))

    with pytest.raises(JobTransitionError, match="closing date"):
        job_submit(job=job, by=member)


@pytest.mark.parametrize("who", ["outsider", "staff"])
def test_non_members_cannot_submit(request, company, who):
    job = JobFactory(company=company)

    with pytest.raises(PermissionDenied):
        job_submit(job=job, by=request.getfixturevalue(who))


def test_staff_approve_without_a_closing_date_sets_one_60_days_ahead(staff, company):
    job = JobFactory(company=company, pending=True)

    job = job_approve(job=job, by=staff)

    assert job.status == Job.Status.PUBLISHED
    assert job.published_at is not None
    assert job.closing_date == timezone.localdate() + DEFAULT_JOB_LIFETIME
    assert job.is_open
    assert JobEvent.objects.get(job=job, to_status="published").actor == staff


def test_approve_keeps_the_employers_closing_date(staff, company):
    closing = timezone.localdate() + timedelta(days=20)
    job = JobFactory(company=company, pending=True, closing_date=closing)

    job = job_approve(job=job, by=staff)

    assert job.closing_date == closing
    assert job.closes_at == timezone.make_aware(datetime.combine(closing, time.max))


def test_approve_after_the_closing_date_passed_in_review_gives_60_days(staff, company):
    job = JobFactory(company=company, pending=True, closing_date=timezone.localdate() - timedelta(days=1))

    job = job_approve(job=job, by=staff)

    assert job.closing_date == timezone.localdate() + DEFAULT_JOB_LIFETIME
    assert job.is_open


def test_reapproval_after_a_material_edit_keeps_the_closing_date(member, staff, company):
    """Approved a week ago without a closing date: it closes 53 days from now. A
    material edit and a second approval don't move that to 60 days from today."""
    closing = timezone.localdate() + timedelta(days=53)
    job = JobFactory(company=company, published=True, closing_date=closing, **job_fields())
    job = job_update(job=job, by=member, fields=job_fields(title="Staff Django Engineer"))
    assert job.status == Job.Status.PENDING

    job = job_approve(job=job, by=staff)

    assert job.status == Job.Status.PUBLISHED
    assert job.closing_date == closing


def test_members_cannot_approve_their_own_job(member, company):
    job = JobFactory(company=company, pending=True)

    with pytest.raises(PermissionDenied):
        job_approve(job=job, by=member)
    assert Job.objects.get(pk=job.pk).status == Job.Status.PENDING


@pytest.mark.parametrize("state", ["draft", "published", "rejected", "closed"])
def test_only_pending_jobs_can_be_approved(staff, company, state):
    job = JobFactory(company=company, **({state: True} if state != "draft" else {}))

    with pytest.raises(JobTransitionError):
        job_approve(job=job, by=staff)


def test_second_approval_of_the_same_job_is_refused(staff, company):
    job = JobFactory(company=company, pending=True)
    stale_copy = Job.objects.get(pk=job.pk)
    job_approve(job=job, by=staff)

    with pytest.raises(JobTransitionError, match="published"):
        job_approve(job=stale_copy, by=staff)
    assert JobEvent.objects.filter(job=job, to_status="published").count() == 1


def test_staff_reject_with_reason(staff, company):
    job = JobFactory(company=company, pending=True)

    job = job_reject(job=job, by=staff, reason="missing_salary", note="Give a range, please.")

    assert job.status == Job.Status.REJECTED
    assert job.rejection_reason == "Salary missing or implausible. Give a range, please."
    event = JobEvent.objects.get(job=job, to_status="rejected")
    assert (event.reason, event.note, event.actor) == ("missing_salary", "Give a range, please.", staff)


def test_reject_needs_a_known_reason(staff, company):
    job = JobFactory(company=company, pending=True)

    with pytest.raises(ValueError, match="not a valid"):
        job_reject(job=job, by=staff, reason="because")


def test_reject_with_other_needs_an_explanation(staff, company):
    job = JobFactory(company=company, pending=True)

    with pytest.raises(JobTransitionError, match="Other"):
        job_reject(job=job, by=staff, reason="other", note="  ")


def test_members_cannot_reject(member, company):
    job = JobFactory(company=company, pending=True)

    with pytest.raises(PermissionDenied):
        job_reject(job=job, by=member, reason="duplicate")


# --- close, reopen, duplicate ----------------------------------------------------


@pytest.mark.parametrize("reason", ["filled", "no_longer_hiring"])
def test_member_closes_a_published_job(member, company, reason):
    job = JobFactory(company=company, published=True)

    job = job_close(job=job, by=member, reason=reason)

    assert job.status == Job.Status.CLOSED
    assert job.close_reason == reason
    assert job.is_gone


def test_close_refuses_unknown_reasons(member, company):
    job = JobFactory(company=company, published=True)

    with pytest.raises(ValueError, match="not a valid"):
        job_close(job=job, by=member, reason="bored")


@pytest.mark.parametrize("state", ["draft", "pending", "rejected", "closed", "expired"])
def test_only_published_jobs_can_be_closed(member, company, state):
    job = JobFactory(company=company, **({state: True} if state != "draft" else {}))

    with pytest.raises(JobTransitionError):
        job_close(job=job, by=member, reason="filled")


def test_outsider_cannot_close(outsider, company):
    job = JobFactory(company=company, published=True)

    with pytest.raises(PermissionDenied):
        job_close(job=job, by=outsider, reason="filled")


def test_reopening_a_closed_job_before_expiry_republishes_it(member, company):
    job = JobFactory(company=company, closed=True)

    job = job_reopen(job=job, by=member)

    assert job.status == Job.Status.PUBLISHED
    assert job.close_reason == ""


def test_reopening_an_expired_job_sends_it_back_to_review(member, company):
    job = JobFactory(company=company, expired=True)

    job = job_reopen(job=job, by=member)

    assert job.status == Job.Status.PENDING


def test_reopening_a_closed_job_past_its_closing_date_sends_it_to_review(member, company):
    job = JobFactory(company=company, closed=True, closing_date=timezone.localdate() - timedelta(days=1))

    job = job_reopen(job=job, by=member)

    assert job.status == Job.Status.PENDING
    assert job.closing_date is None  # approval sets a new one, unless the employer picks one


@pytest.mark.parametrize("state", ["draft", "pending", "published", "rejected"])
def test_only_closed_or_expired_jobs_can_be_reopened(member, company, state):
    job = JobFactory(company=company, **({state: True} if state != "draft" else {}))

    with pytest.raises(JobTransitionError):
        job_reopen(job=job, by=member)


def test_duplicate_makes_a_draft_copy(member, company):
    job = JobFactory(
        company=company,
        closed=True,
        required_skills=["fastapi"],
        nice_skills=["kubernetes"],
        applicant_locations=["EU", "GB"],
        closing_date=date.today() + timedelta(days=3),
    )

    copy = job_duplicate(job=job, by=member)

    assert copy.pk != job.pk
    assert copy.status == Job.Status.DRAFT
    assert copy.title == job.title
    assert copy.closing_date is None
    assert {(js.skill.slug, js.is_required) for js in copy.job_skills.all()} == {
        ("fastapi", True),
        ("kubernetes", False),
    }
    assert sorted(copy.applicant_locations.values_list("code", flat=True)) == ["EU", "GB"]
    assert Job.objects.get(pk=job.pk).status == Job.Status.CLOSED


# --- visibility ----------------------------------------------------------------


def test_visibility_by_state_and_viewer(company, member, outsider, staff):
    jobs = {
        state: JobFactory(company=company, **({state: True} if state != "draft" else {}))
        for state in ["draft", "pending", "published", "rejected", "closed", "expired"]
    }

    def visible(user):
        return set(Job.objects.visible_to(user).filter(company=company).values_list("status", flat=True))

    assert set(Job.objects.open().values_list("status", flat=True)) == {"published"}
    assert visible(AnonymousUser()) == {"published", "closed", "expired"}
    assert visible(outsider) == {"published", "closed", "expired"}
    assert visible(member) == set(jobs)
    assert visible(staff) == set(jobs)


def test_published_job_is_open_through_its_closing_date_and_gone_after(company):
    job = JobFactory(company=company, published=True, closing_date=timezone.localdate())

    assert Job.objects.open().filter(pk=job.pk).exists()
    assert job.is_open

    Job.objects.filter(pk=job.pk).update(closing_date=timezone.localdate() - timedelta(days=1))
    job.refresh_from_db()

    assert not Job.objects.open().filter(pk=job.pk).exists()
    assert job.is_gone


# --- companies -------------------------------------------------------------------


def test_employer_creates_a_company_and_becomes_its_admin():
    employer = UserFactory(employer=True)

    company = company_create(by=employer, name="Snake Oil Ltd", website="https://snake.example")

    assert company.slug == "snake-oil-ltd"
    assert Membership.objects.get(user=employer).role == Membership.Role.ADMIN
    assert company_create(by=UserFactory(employer=True), name="Snake Oil Ltd").slug == "snake-oil-ltd-2"


def test_seekers_and_existing_members_cannot_create_companies(member):
    with pytest.raises(PermissionDenied):
        company_create(by=UserFactory(seeker=True), name="Nope")
    with pytest.raises(PermissionDenied):
        company_create(by=member, name="Second company")


def test_invited_employer_joins_on_acceptance(company, member, on_commit):
    with on_commit():
        company_invite(company=company, by=member, email="Colleague@Example.com")
        company_invite(company=company, by=member, email="colleague@example.com")

    assert [m.to for m in mail.outbox] == [["colleague@example.com"]]
    assert company.name in mail.outbox[0].subject
    colleague = UserFactory(employer=True, email="colleague@example.com")

    membership = company_invitations_accept(user=colleague)

    assert membership.company == company
    assert membership.role == Membership.Role.RECRUITER
    assert company_invitations_accept(user=colleague) is None  # once


def test_invitation_needs_a_verified_address_and_an_employer(company, member):
    company_invite(company=company, by=member, email="colleague@example.com")

    assert (
        company_invitations_accept(
            user=UserFactory(employer=True, email="colleague@example.com", verified=False)
        )
        is None
    )


def test_only_company_admins_invite(company):
    recruiter = employer_of(company, role="recruiter")

    with pytest.raises(PermissionDenied):
        company_invite(company=company, by=recruiter, email="x@example.com")


def test_staff_verify_a_company(company, staff, member):
    assert company_verify(company=company, by=staff) is True
    assert company_verify(company=company, by=staff) is False
    with pytest.raises(PermissionDenied):
        company_verify(company=company, by=member)
