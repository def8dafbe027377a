from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from accounts.models import SeekerProfile, User
from applications.models import Application
from listings.demo import content as demo_data
from listings.markdown import markdown_derivatives, render_markdown
from listings.models import ApplicantLocation, Company, Job, JobMatch, JobSkill, Membership, Role, Skill
from listings.regions import REGIONS
from listings.text import normalise_text
from tests.factories import JobFactory

pytestmark = pytest.mark.django_db

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="search vectors are PostgreSQL-only"
)


def seed(*args, **options):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out, **options)
    return out.getvalue()


def row_counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            User,
            EmailAddress,
            Company,
            Membership,
            Job,
            JobSkill,
            ApplicantLocation,
            Role,
            SeekerProfile,
            Application,
        )
    }


def test_seed_demo_creates_the_demo_accounts_and_prints_their_credentials():
    output = seed(jobs=5)

    assert f"password for all: {demo_data.DEMO_PASSWORD}" in output
    for email, role, is_staff, _ in demo_data.DEMO_USERS:
        user = User.objects.get(email=email)
        assert email in output
        assert user.role == role
        assert user.is_staff is is_staff
        assert user.check_password(demo_data.DEMO_PASSWORD)
        assert EmailAddress.objects.get(user=user, email=email).verified
    assert output.rstrip().endswith("employer")  # the credentials come last, where `make run` shows them


def test_seed_demo_creates_n_open_published_jobs_with_their_derived_fields():
    seed(jobs=12)

    published = Job.objects.published()
    assert published.count() == 12
    assert Job.objects.open().count() == 12
    now = timezone.now()
    for job in published.prefetch_related("job_skills__skill", "applicant_locations"):
        skills = [job_skill.skill for job_skill in job.job_skills.all()]
        assert len([s for s in job.job_skills.all() if s.is_required]) >= 2
        assert job.slug
        assert 0 < job.salary_min_usd <= job.salary_max_usd
        assert all(skill.name in job.skills_text for skill in skills)
        assert now - timedelta(days=46) < job.published_at <= now
        # As approval sets it: the employer's date, or 60 days after publication.
        assert job.closing_date >= timezone.localdate(now)
        assert job.closing_date <= timezone.localdate(now) + timedelta(days=60)
        # Stored as the job form stores text, so an edit that keeps it compares equal.
        assert job.description == normalise_text(job.description)
        assert not job.description.endswith("\n")
        if job.is_remote:
            assert job.applicant_locations.exists()
        else:
            assert not job.applicant_locations.exists()
        if job.apply_method == Job.ApplyMethod.EXTERNAL:
            assert job.apply_url.startswith("https://")


def test_seeded_descriptions_read_like_postings_about_the_jobs_skills():
    seed(jobs=12)

    for job in Job.objects.published().prefetch_related("job_skills__skill"):
        for heading in ("About the team", "What you'll do", "What you bring", "What we offer", "How we hire"):
            assert f"## {heading}\n" in job.description
        html = str(render_markdown(job.description))
        assert html.count("<h2") >= 5
        assert html.count("<li>") >= 8
        for job_skill in job.job_skills.all():
            if job_skill.is_required:
                assert job_skill.skill.name.split()[0].lower() in job.description.lower()


def test_seeded_jobs_store_their_description_as_the_services_do():
    seed(jobs=8)

    for job in Job.objects.all():
        assert (job.description_html, job.description_text) == markdown_derivatives(job.description)


def test_a_big_seed_renders_descriptions_in_parallel_the_same_way():
    seed(jobs=12, batch_size=5)

    for job in Job.objects.published():
        assert (job.description_html, job.description_text) == markdown_derivatives(job.description)


def test_seeded_jobs_are_found_by_search():
    seed(jobs=30)

    assert Job.objects.open().search("python").count() == 30
    assert Job.objects.open().search("django").exists()


@on_postgres
def test_seeded_jobs_have_search_vectors_on_postgres():
    seed(jobs=12)

    assert not Job.objects.published().filter(search_vector__isnull=True).exists()
    assert Job.objects.open().search("postgres").exists()  # an alias of PostgreSQL, from skills_text


def test_seed_demo_creates_the_python_backend_developer_role():
    seed(jobs=5)

    role = Role.objects.get(slug="python-backend-developer")
    assert role.name == "Python Backend Developer"
    assert "building foundational skills" in role.intro
    assert 0 < len(role.seo_title) <= 70
    assert 0 < len(role.seo_description) <= 160
    skills = set(role.skills.values_list("slug", flat=True))
    assert {"python", "django", "flask", "fastapi", "postgresql", "rest"} <= skills
    assert Job.objects.open().for_role(role).count() == 5


def test_seed_demo_creates_companies_with_verified_employer_members():
    seed(jobs=5)

    companies = Company.objects.all()
    assert companies.count() == len(demo_data.COMPANIES) >= 25
    assert companies.filter(is_verified=True).exists()
    assert companies.filter(is_verified=False).exists()
    for company in companies.prefetch_related("memberships__user"):
        members = [membership.user for membership in company.memberships.all()]
        assert 1 <= len(members) <= 3
        assert company.website.startswith("https://www.")
        assert company.website.endswith(".example.com")
        assert company.about
        for user in members:
            assert user.is_employer
            assert EmailAddress.objects.filter(user=user, verified=True).exists()


def test_demo_employer_administers_a_company_with_a_job_in_every_state():
    seed(jobs=5)

    employer = User.objects.get(email=demo_data.DEMO_EMPLOYER_EMAIL)
    membership = Membership.objects.get(user=employer)
    assert membership.role == Membership.Role.ADMIN
    assert membership.company.slug == demo_data.DEMO_EMPLOYER_COMPANY
    jobs = Job.objects.for_member(employer)
    statuses = Counter(jobs.values_list("status", flat=True))
    assert statuses[Job.Status.DRAFT] == 1
    assert statuses[Job.Status.PENDING] == 1
    assert statuses[Job.Status.REJECTED] == 1
    assert statuses[Job.Status.CLOSED] == 1
    assert statuses[Job.Status.PUBLISHED] == 3
    assert jobs.get(status=Job.Status.REJECTED).rejection_reason
    closed = jobs.get(status=Job.Status.CLOSED)
    assert closed.close_reason == Job.CloseReason.FILLED
    assert list(closed.events.values_list("to_status", flat=True)) == [
        "draft",
        "pending",
        "published",
        "closed",
    ]


def test_the_demo_seeker_has_a_profile_a_resume_an_application_and_saved_searches():
    seed(jobs=8)

    seeker = User.objects.get(email=demo_data.DEMO_SEEKER_EMAIL)
    profile = SeekerProfile.objects.get(user=seeker)
    assert profile.open_to_matching
    assert set(profile.skills.values_list("slug", flat=True)) == set(demo_data.DEMO_SEEKER_SKILLS)
    assert profile.resume.open("rb").read(5) == b"%PDF-"
    application = Application.objects.get(seeker=seeker)
    assert application.job.company.slug == demo_data.DEMO_EMPLOYER_COMPANY
    assert list(seeker.saved_searches.order_by("name").values_list("name", "query")) == [
        ("Remote Django", "q=django&work_mode=remote"),
        ("Senior FastAPI, open to Germany", "country=DE&level=senior&q=fastapi"),
    ]
    assert application.resume.open("rb").read(5) == b"%PDF-"


def test_the_demo_employer_has_candidates_at_every_stage_of_the_pipeline():
    seed(jobs=8)

    candidates = User.objects.filter(email__endswith="@candidates.example.com")
    applications = Application.objects.filter(seeker__in=candidates)
    assert {a.job.company.slug for a in applications} == {demo_data.DEMO_EMPLOYER_COMPANY}
    assert set(applications.values_list("status", flat=True)) == {
        "submitted",
        "in_review",
        "interview",
        "offer",
        "rejected",
    }
    # Most candidates may be found by matching; the others never show to employers.
    opted_in = SeekerProfile.objects.filter(user__in=candidates, open_to_matching=True).count()
    assert 0 < opted_in < candidates.count()


def test_demo_seekers_have_matches_and_the_demo_employer_suggested_candidates():
    seed(jobs=40)

    seeker = User.objects.get(email=demo_data.DEMO_SEEKER_EMAIL)
    assert JobMatch.objects.filter(seeker=seeker).exists()
    demo_jobs = Job.objects.open().filter(company__slug=demo_data.DEMO_EMPLOYER_COMPANY)
    suggested = JobMatch.objects.filter(job__in=demo_jobs, seeker__email__endswith="@candidates.example.com")
    assert suggested.exists()


def test_running_seed_demo_again_duplicates_nothing():
    seed(jobs=8)
    before = row_counts()

    output = seed(jobs=8)

    assert row_counts() == before
    assert "already in the database" in output
    assert "password for all" in output


def test_seed_demo_leaves_a_database_with_jobs_alone():
    JobFactory(published=True)

    seed(jobs=8)

    assert Job.objects.count() == 1
    assert User.objects.filter(email=demo_data.DEMO_EMPLOYER_EMAIL).exists()
    assert Role.objects.filter(slug="python-backend-developer").exists()


def test_reset_recreates_the_demo_content_and_keeps_other_jobs():
    other = JobFactory(published=True)
    seed(jobs=6, reset=True)
    first_ids = set(Job.objects.exclude(pk=other.pk).values_list("pk", flat=True))
    Role.objects.filter(slug="python-backend-developer").update(seo_title="Edited")

    output = seed(jobs=4, reset=True)

    assert "Deleted the demo companies" in output
    assert Job.objects.filter(pk=other.pk).exists()
    assert Job.objects.published().exclude(pk=other.pk).count() == 4
    assert not Job.objects.filter(pk__in=first_ids).exists()
    assert Company.objects.count() == len(demo_data.COMPANIES) + 1
    assert Role.objects.get(slug="python-backend-developer").seo_title != "Edited"
    assert User.objects.filter(email=demo_data.DEMO_EMPLOYER_EMAIL, membership__isnull=False).exists()
    assert Application.objects.filter(seeker__email=demo_data.DEMO_SEEKER_EMAIL).count() == 1


def test_the_same_seed_gives_the_same_jobs():
    def snapshot():
        return list(
            Job.objects.published()
            .order_by("pk")
            .values_list("title", "company__slug", "city", "salary_min", "salary_max", "salary_currency")
        )

    seed(jobs=10)
    first = snapshot()
    seed(jobs=10, reset=True)

    assert snapshot() == first
    seed(jobs=10, reset=True, seed=7)
    assert snapshot() != first


def test_jobs_are_inserted_in_batches():
    output = seed(jobs=7, batch_size=3)

    assert Job.objects.published().count() == 7
    assert "7/7 jobs inserted" in output
    assert JobSkill.objects.filter(job__status=Job.Status.PUBLISHED).values("job").distinct().count() == 7


def test_the_default_seed_spreads_across_the_taxonomy_and_the_market():
    seed()

    jobs = Job.objects.published()
    assert jobs.count() == 300
    used_skills = set(JobSkill.objects.values_list("skill__slug", flat=True))
    assert used_skills == set(Skill.objects.values_list("slug", flat=True))
    assert set(jobs.values_list("level", flat=True)) == set(Job.Level.values)
    assert set(jobs.values_list("work_mode", flat=True)) == set(Job.WorkMode.values)
    assert set(jobs.values_list("employment_type", flat=True)) == set(Job.EmploymentType.values)
    assert len(set(jobs.values_list("country", flat=True))) >= 15
    assert len(set(jobs.values_list("city", flat=True))) >= 30
    assert len(set(jobs.values_list("salary_currency", flat=True))) >= 10
    assert {"year", "month", "day", "hour"} <= set(jobs.values_list("salary_period", flat=True))
    codes = set(ApplicantLocation.objects.values_list("code", flat=True))
    assert codes & set(REGIONS), "some remote jobs admit regions"
    assert codes - set(REGIONS), "some remote jobs admit countries"
    for flag in ("open_to_juniors", "visa_sponsorship", "relocation_help", "is_agency"):
        assert Counter(jobs.values_list(flag, flat=True)).keys() == {True, False}
    assert jobs.filter(closing_date__isnull=False).exists()
    assert jobs.filter(apply_method=Job.ApplyMethod.EXTERNAL).exists()
    # Pay follows seniority: the median senior yearly salary beats the median junior one.
    by_level = {
        level: sorted(
            jobs.filter(level=level, employment_type="full_time").values_list("salary_max_usd", flat=True)
        )
        for level in ("entry", "senior")
    }
    assert by_level["senior"][len(by_level["senior"]) // 2] > by_level["entry"][len(by_level["entry"]) // 2]
