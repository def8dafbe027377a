from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from applications.models import ApplicationEvent, CandidateInvitation
from listings.models import ApplicantLocation, JobSkill, Skill
from listings.services.jobs import job_refresh_derived

TEST_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    """A user whose email is verified unless `verified=False` is given."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    full_name = factory.Faker("name")
    role = User.Role.SEEKER
    password = factory.django.Password(TEST_PASSWORD)

    class Params:
        seeker = factory.Trait(role=User.Role.SEEKER)
        employer = factory.Trait(role=User.Role.EMPLOYER)
        staff = factory.Trait(is_staff=True)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(
                user=self, email=self.email, primary=True, verified=extracted is not False
            )


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "listings.Company"
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Acme Backend {n}")
    slug = factory.LazyAttribute(lambda company: slugify(company.name))
    website = factory.LazyAttribute(lambda company: f"https://{company.slug}.example.com")
    about = "We build **reliable** Python services."


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "listings.Membership"

    company = factory.SubFactory(CompanyFactory)
    user = factory.SubFactory(UserFactory, employer=True)
    role = "admin"


def employer_of(company, **kwargs):
    """A verified employer account that is a member (admin by default) of the company."""
    return MembershipFactory(company=company, **kwargs).user


def skill(slug):
    """A skill of the taxonomy loaded by the migrations."""
    return Skill.objects.get(slug=slug)


class JobFactory(factory.django.DjangoModelFactory):
    """A job; `published=True` (etc.) picks its state. Skills by slug:
    JobFactory(required_skills=["django", "postgresql"], nice_skills=["docker"])."""

    class Meta:
        model = "listings.Job"
        skip_postgeneration_save = True

    company = factory.SubFactory(CompanyFactory)
    title = factory.Sequence(lambda n: f"Python Backend Engineer {n}")
    description = "## The role\n\nBuild APIs with **Django** and PostgreSQL.\n\n- Own services\n- Write tests"
    level = "senior"
    work_mode = "remote"
    city = "Berlin"
    country = "DE"
    employment_type = "full_time"
    salary_min = 70000
    salary_max = 90000
    salary_currency = "EUR"
    salary_period = "year"
    status = "draft"

    class Params:
        pending = factory.Trait(status="pending", submitted_at=factory.LazyFunction(timezone.now))
        published = factory.Trait(
            status="published",
            submitted_at=factory.LazyFunction(timezone.now),
            published_at=factory.LazyFunction(timezone.now),
            closing_date=factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60)),
        )
        rejected = factory.Trait(status="rejected", rejection_reason="Missing salary details")
        closed = factory.Trait(
            status="closed",
            published_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=10)),
            closing_date=factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=50)),
            closed_at=factory.LazyFunction(timezone.now),
            close_reason="filled",
        )
        expired = factory.Trait(
            status="expired",
            published_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=70)),
            closing_date=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=10)),
        )

    @factory.post_generation
    def required_skills(self, create, extracted, **kwargs):
        if create:
            for slug in extracted if extracted is not None else ["python", "django"]:
                JobSkill.objects.create(job=self, skill=skill(slug), is_required=True)

    @factory.post_generation
    def nice_skills(self, create, extracted, **kwargs):
        if create:
            for slug in extracted or []:
                JobSkill.objects.create(job=self, skill=skill(slug), is_required=False)

    @factory.post_generation
    def applicant_locations(self, create, extracted, **kwargs):
        if create and self.work_mode == "remote":
            for code in extracted if extracted is not None else ["EUROPE"]:
                ApplicantLocation.objects.create(job=self, code=code)

    @factory.post_generation
    def derived_fields(self, create, extracted, **kwargs):
        # What the services keep in step: salary equivalents and search text.
        if create:
            job_refresh_derived(job=self)


class RoleFactory(factory.django.DjangoModelFactory):
    """A published role landing page; `skills=[slugs]` are the skills that define it."""

    class Meta:
        model = "listings.Role"
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    name = "Python Backend Developer"
    slug = factory.LazyAttribute(lambda role: slugify(role.name))
    intro = "## What the work is\n\nServer-side Python: **APIs**, databases and queues."
    seo_title = factory.LazyAttribute(lambda role: f"{role.name} jobs: remote and on-site")
    seo_description = "Open Python backend developer jobs with salaries."
    is_published = True

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if create:
            self.skills.set([skill(slug) for slug in (extracted if extracted is not None else ["python"])])


def png_upload(name="logo.png"):
    """A tiny real PNG, for logo fields."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def pdf_upload(name="resume.pdf", size=None):
    """A small valid-looking PDF upload (optionally padded to `size` bytes)."""
    body = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    if size:
        body = body + b"0" * max(size - len(body), 0)
    return SimpleUploadedFile(name, body, content_type="application/pdf")


class SeekerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "accounts.SeekerProfile"
        django_get_or_create = ("user",)
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory, seeker=True)
    headline = "Backend developer: Django, PostgreSQL, Celery"
    city = "Lyon"
    country = "FR"
    level = "mid"
    years_experience = 4
    wants_remote = True

    class Params:
        with_resume = factory.Trait(
            resume=factory.LazyFunction(pdf_upload),
            resume_name="my-cv.pdf",
            resume_uploaded_at=factory.LazyFunction(timezone.now),
        )

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if create:
            self.skills.set(
                [skill(slug) for slug in (extracted if extracted is not None else ["python", "django"])]
            )


class ApplicationFactory(factory.django.DjangoModelFactory):
    """An application (status "submitted" unless given) with a resume copy."""

    class Meta:
        model = "applications.Application"
        skip_postgeneration_save = True

    job = factory.SubFactory(JobFactory, published=True)
    seeker = factory.SubFactory(UserFactory, seeker=True)
    cover_letter = "I have built Django APIs for five years."
    resume = factory.LazyFunction(pdf_upload)
    resume_name = "cv.pdf"

    @factory.post_generation
    def submitted_event(self, create, extracted, **kwargs):
        if create:
            ApplicationEvent.objects.create(application=self, actor=self.seeker, to_status="submitted")


class SavedSearchFactory(factory.django.DjangoModelFactory):
    """A saved search with alerts on, saved a day ago; its first digest is due now.
    `query` is a normalised query string ("level=senior&q=django")."""

    class Meta:
        model = "listings.SavedSearch"

    user = factory.SubFactory(UserFactory, seeker=True)
    name = factory.Sequence(lambda n: f"Search {n}")
    query = "q=django"
    frequency = "daily"
    alerts_enabled = True
    last_digest_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    next_digest_at = factory.LazyFunction(timezone.now)


class JobMatchFactory(factory.django.DjangoModelFactory):
    """A stored match of a seeker with an open job, as the matching tasks write it."""

    class Meta:
        model = "listings.JobMatch"

    job = factory.SubFactory(JobFactory, published=True)
    seeker = factory.SubFactory(UserFactory, seeker=True)
    score = 82
    reasons = factory.LazyFunction(
        lambda: [{"factor": "required_skills", "ok": True, "text": "matches 2 of 2 required skills"}]
    )
    computed_at = factory.LazyFunction(timezone.now)


class CandidateInvitationFactory(factory.django.DjangoModelFactory):
    """An employer's invitation to apply, as `candidate_invite` writes it (without the email)."""

    class Meta:
        model = CandidateInvitation

    job = factory.SubFactory(JobFactory, published=True)
    seeker = factory.SubFactory(UserFactory, seeker=True)
    invited_by = factory.LazyAttribute(lambda invitation: employer_of(invitation.job.company))
    message = ""
