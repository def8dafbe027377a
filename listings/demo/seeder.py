"""The demo content: accounts, companies and their members, the role page, jobs in
every state (the demo employer's through the services), job seekers with profiles,
applications and saved searches. Built from a seeded random generator: same seed,
same data. The jobs themselves are built by listings.demo.postings.
"""

import contextlib
import io
import time
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from accounts.services import user_create_demo
from listings.models import (
    EDITABLE_FIELDS,
    ApplicantLocation,
    Company,
    Job,
    JobSkill,
    Membership,
    RejectionReason,
    Role,
    Skill,
)
from listings.services.jobs import job_close, job_create, job_submit
from listings.services.matching import seeker_matches_refresh
from listings.services.moderation import job_approve, job_reject

from . import content as demo
from .bulk import DescriptionRenderer, SearchVectorRefresher, bulk_insert
from .postings import JobPostings
from .seekers import CANDIDATE_DOMAIN, DemoSeekers

# --- Accounts and the role page ----------------------------------------------


def seed_accounts():
    """(Re)create the demo accounts with verified emails; returns them by email."""
    return {
        email: user_create_demo(
            email=email, password=demo.DEMO_PASSWORD, role=role, is_staff=is_staff, full_name=full_name
        )
        for email, role, is_staff, full_name in demo.DEMO_USERS
    }


def role_seed():
    """The Python Backend Developer page, unless staff already have it (edits are kept)."""
    spec = demo.ROLE
    role, created = Role.objects.get_or_create(
        slug=spec["slug"],
        defaults={
            "name": spec["name"],
            "intro": spec["intro"],
            "seo_title": spec["seo_title"],
            "seo_description": spec["seo_description"],
        },
    )
    if created:
        role.skills.set(Skill.objects.filter(slug__in=spec["skills"]))
    return role


def demo_company_slugs():
    return [slugify(spec["name"]) for spec in demo.COMPANIES]


@transaction.atomic
def demo_content_delete():
    """The demo companies (with their jobs), their member accounts and the role page."""
    demo_companies_delete()
    User.objects.filter(email__endswith=f"@{CANDIDATE_DOMAIN}").delete()
    Role.objects.filter(slug=demo.ROLE["slug"]).delete()


def demo_companies_delete():
    """The demo companies with their jobs and member accounts.

    The three demo accounts stay; other companies and their jobs are not touched.
    """
    companies = Company.objects.filter(slug__in=demo_company_slugs())
    # The jobs first, their biggest related tables in one statement each: the collector
    # would otherwise load every row of a 100k-job benchmark database into memory.
    jobs = Job.objects.filter(company__in=companies)
    JobSkill.objects.filter(job__in=jobs).delete()
    ApplicantLocation.objects.filter(job__in=jobs).delete()
    jobs.only("pk").delete()
    demo_emails = [email for email, *_ in demo.DEMO_USERS]
    User.objects.filter(membership__company__in=companies).exclude(email__in=demo_emails).delete()
    companies.delete()


# --- Companies, members and jobs ----------------------------------------------


@dataclass
class DemoCompany:
    company: Company
    spec: dict
    members: list
    pay_factor: float
    is_agency: bool = False


class DemoSeeder(JobPostings, DemoSeekers):
    """Builds the demo content from a seeded random generator: same seed, same data."""

    def __init__(self, *, rng, accounts, progress):
        self.rng = rng
        self.accounts = accounts
        self.progress = progress
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.skills = {skill.slug: skill for skill in Skill.objects.all()}
        self.companies = []
        self.jobs_created = 0
        self._slugs = {}

    def run(self, *, jobs, batch_size):
        missing = {slug for track in demo.TRACKS.values() for slug in track["required"] + track["pool"]}
        missing -= self.skills.keys()
        if missing:
            raise CommandError(
                f"Skills missing from the taxonomy (run migrate?): {', '.join(sorted(missing))}"
            )
        # The moderation emails to the demo employer are real (they are in the outbox),
        # but printed by the console backend they would bury the demo credentials.
        with contextlib.redirect_stdout(io.StringIO()), transaction.atomic():
            # Leftovers of an interrupted run would collide on slugs and emails.
            demo_companies_delete()
            self.create_companies()
            self.create_demo_employer_jobs()
        weights = [entry.spec["weight"] for entry in self.companies]
        demo_company = self.demo_employer_company
        started = time.monotonic()
        # A big seed commits batch by batch; a small one (and any run inside a test's
        # transaction) computes the vectors in line.
        vectors = SearchVectorRefresher(
            background=jobs > batch_size
            and connection.vendor == "postgresql"
            and not connection.in_atomic_block
        )
        with vectors, DescriptionRenderer(parallel=jobs > batch_size) as descriptions:
            for start in range(0, jobs, batch_size):
                size = min(batch_size, jobs - start)
                built = []
                for n in range(start, start + size):
                    # The demo employer's dashboard gets a few published jobs whatever N is.
                    entry = demo_company if n < 3 else self.rng.choices(self.companies, weights)[0]
                    built.append(self.build_job(entry))
                descriptions.derive([b.job for b in built])
                with transaction.atomic():
                    self.insert(built)
                vectors.refresh([b.job.pk for b in built])
                self.jobs_created += size
                if jobs > batch_size:
                    rate = self.jobs_created / max(time.monotonic() - started, 1e-6)
                    self.progress(f"  {self.jobs_created:>9,}/{jobs:,} jobs inserted ({rate:,.0f}/s)")
            inserted = time.monotonic()
        if vectors.background:
            self.progress(f"  search vectors done {time.monotonic() - inserted:.1f}s after the last insert")
        with contextlib.redirect_stdout(io.StringIO()), transaction.atomic():
            seekers = self.create_seekers_and_applications()
        # Matches now, not from the profile-saved task (the candidates are inserted in
        # bulk): recommendations and suggested candidates show on the first visit.
        for seeker in seekers:
            seeker_matches_refresh(user=seeker)
        if connection.vendor == "postgresql":
            # Fresh planner statistics, so searches on a just-seeded database use the indexes.
            with connection.cursor() as cursor:
                for model in (Job, JobSkill, ApplicantLocation):
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")

    @property
    def demo_employer_company(self):
        return next(e for e in self.companies if e.company.slug == demo.DEMO_EMPLOYER_COMPANY)

    # --- companies ---

    @transaction.atomic
    def create_companies(self):
        rng = self.rng
        password = make_password(demo.DEMO_PASSWORD)  # hashed once: hashing is slow on purpose
        companies = Company.objects.bulk_create(
            [
                Company(
                    name=spec["name"],
                    slug=slugify(spec["name"]),
                    website=f"https://www.{spec['domain']}.example.com",
                    about=spec["about"],
                    is_verified=spec["verified"],
                )
                for spec in demo.COMPANIES
            ]
        )
        users, memberships = [], []
        for company, spec in zip(companies, demo.COMPANIES, strict=True):
            members = []
            names, count = set(), rng.choice([1, 2])
            while len(names) < count:  # two people with the same name would share an email
                names.add((rng.choice(demo.FIRST_NAMES), rng.choice(demo.LAST_NAMES)))
            for n, (first, last) in enumerate(sorted(names)):
                email = f"{slugify(first)}.{slugify(last).replace('-', '')}@{spec['domain']}.example.com"
                user = User(
                    email=email, full_name=f"{first} {last}", role=User.Role.EMPLOYER, password=password
                )
                users.append(user)
                members.append(user)
                role = Membership.Role.ADMIN if n == 0 else Membership.Role.RECRUITER
                memberships.append((company, user, role))
            self.companies.append(
                DemoCompany(
                    company=company,
                    spec=spec,
                    members=members,
                    pay_factor=rng.uniform(0.9, 1.15),
                    is_agency=spec.get("agency", False),
                )
            )
        User.objects.bulk_create(users)
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users]
        )
        entry = self.demo_employer_company
        employer = self.accounts[demo.DEMO_EMPLOYER_EMAIL]
        # The demo employer is (re)attached here even if they had joined another company.
        Membership.objects.filter(user=employer).delete()
        memberships.append((entry.company, employer, Membership.Role.ADMIN))
        entry.members.insert(0, employer)
        Membership.objects.bulk_create(
            [Membership(company=company, user=user, role=role) for company, user, role in memberships]
        )

    # --- the demo employer's jobs in every state, through the services ---

    def create_demo_employer_jobs(self):
        entry = self.demo_employer_company
        employer = self.accounts[demo.DEMO_EMPLOYER_EMAIL]
        staff = self.accounts[demo.DEMO_STAFF_EMAIL]

        def create(**overrides):
            built = self.build_job(entry)
            return job_create(
                company=entry.company,
                by=employer,
                fields={name: getattr(built.job, name) for name in EDITABLE_FIELDS} | overrides,
                required_skills=built.required,
                nice_skills=built.nice,
                applicant_locations=built.locations,
            )

        create(closing_date=None)  # a draft: approval would close it 60 days later
        job_submit(job=create(), by=employer)  # waiting for review
        rejected = create(salary_min=5200, salary_max=6100, salary_currency="EUR", salary_period="year")
        job_submit(job=rejected, by=employer)
        job_reject(job=rejected, by=staff, reason=RejectionReason.MISSING_SALARY, note=demo.REJECTION_NOTE)
        closed = create()
        job_submit(job=closed, by=employer)
        job_approve(job=closed, by=staff)
        job_close(job=closed, by=employer, reason=Job.CloseReason.FILLED)

    # --- bulk jobs ---

    def insert(self, built):
        """Jobs, their skills and applicant locations in three bulk inserts."""
        bulk_insert(Job, [b.job for b in built])
        bulk_insert(
            JobSkill,
            [
                JobSkill(job_id=b.job.pk, skill_id=skill.pk, is_required=is_required)
                for b in built
                for skills, is_required in ((b.required, True), (b.nice, False))
                for skill in skills
            ],
            set_pks=False,
        )
        bulk_insert(
            ApplicantLocation,
            [ApplicantLocation(job_id=b.job.pk, code=code) for b in built for code in b.locations],
            set_pks=False,
        )
