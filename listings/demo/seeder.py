"""`manage.py seed_demo`: demo accounts every time, demo content on an empty database.

`make run` calls this on every start, so it is idempotent and quick: the three demo
accounts are (re)created and printed each time; companies, jobs and the role page
only when there are no jobs yet, or after `--reset`. `--jobs 100000` builds a
benchmark-sized database with bulk inserts (see bench/README.md).
"""

import contextlib
import io
import random
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone
from django.utils.text import slugify
from django_countries import countries

from accounts.models import SeekerProfile, User
from accounts.services import user_create_demo
from applications.models import Application
from applications.services import application_move, application_submit, seeker_profile_update
from listings import demo_data as demo
from listings.currency import CURRENCIES, PERIOD_PER_YEAR, yearly_usd
from listings.models import (
    DEFAULT_JOB_LIFETIME,
    ApplicantLocation,
    Company,
    Job,
    JobSkill,
    Membership,
    RejectionReason,
    Role,
    SavedSearch,
    Skill,
)
from listings.services import (
    EDITABLE_FIELDS,
    job_approve,
    job_close,
    job_create,
    job_reject,
    job_submit,
    jobs_refresh_search_vectors,
    saved_search_create,
    seeker_matches_refresh,
    skills_search_text,
)
from listings.text import normalise_text

DEFAULT_JOBS = 300
DEMO_CANDIDATES = 12
CANDIDATE_DOMAIN = "candidates.example.com"
DEFAULT_BATCH = 2500
PUBLISHED_WITHIN = timedelta(days=45)

# Rough shares of the job market; the rest of each choice is in demo_data.
LEVELS = {"entry": 12, "mid": 38, "senior": 35, "lead": 15}
WORK_MODES = {"remote": 40, "hybrid": 35, "onsite": 25}
EMPLOYMENT_TYPES = {"full_time": 84, "contract": 9, "part_time": 4, "temporary": 3}
EXTRA_REQUIRED = {"entry": (0, 1), "mid": (1, 2), "senior": (2, 3), "lead": (2, 3)}
TRACK_PAY = {"ml": 1.08, "distributed": 1.05, "security": 1.05, "platform": 1.04}
# Contractors bill by the day in Europe, by the hour in the Americas and Asia-Pacific,
# and by the month where B2B monthly contracts are the norm.
CONTRACT_PERIOD = {"US": "hour", "CA": "hour", "MX": "hour", "AR": "hour", "AU": "hour", "SG": "hour"}
CONTRACT_PERIOD |= {"JP": "hour", "ZA": "hour", "PL": "month", "CZ": "month", "BR": "month", "IN": "month"}
EU_BENEFIT_COUNTRIES = {"IE", "DE", "NL", "FR", "ES", "PT", "IT", "AT", "DK", "SE", "NO", "FI", "EE", "CH"}
EU_BENEFIT_COUNTRIES |= {"PL", "CZ"}
VISA_COUNTRIES = {"US", "GB", "DE", "NL", "IE", "CA", "AU", "SG", "SE", "DK", "CH", "JP", "FI"}


class Command(BaseCommand):
    help = (
        "Create the demo accounts (always) and, on a database without jobs, demo companies, "
        "jobs and the Python Backend Developer role page."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--jobs",
            type=int,
            default=DEFAULT_JOBS,
            help=f"Published jobs to create (default {DEFAULT_JOBS}).",
        )
        parser.add_argument(
            "--reset", action="store_true", help="Delete the demo companies, their jobs and the role first."
        )
        parser.add_argument("--seed", type=int, default=2026, help="Random seed; same seed, same data.")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=DEFAULT_BATCH,
            help=f"Jobs per bulk insert (default {DEFAULT_BATCH}).",
        )

    def handle(self, *args, jobs, reset, seed, batch_size, verbosity, **options):
        if jobs < 0 or batch_size < 1:
            raise CommandError("--jobs must be 0 or more and --batch-size at least 1.")
        started = time.monotonic()
        accounts = seed_accounts()
        if reset:
            demo_content_delete()
            self.log(verbosity, "Deleted the demo companies, their jobs and the role page.")
        role_seed()
        existing = 0 if reset else Job.objects.count()
        if existing:
            self.log(
                verbosity,
                f"{existing:,} jobs already in the database: demo content left as it is "
                "(use --reset to recreate it).",
            )
        else:
            seeder = DemoSeeder(
                rng=random.Random(seed),  # noqa: S311 - demo data, not secrets
                accounts=accounts,
                progress=lambda text: self.log(verbosity, text),
            )
            seeder.run(jobs=jobs, batch_size=batch_size)
            self.log(
                verbosity,
                f"Created {len(seeder.companies)} companies and {seeder.jobs_created:,} published jobs "
                f"in {time.monotonic() - started:.1f}s.",
            )
        self.print_credentials()

    def log(self, verbosity, text):
        if verbosity >= 1:
            self.stdout.write(text)

    def print_credentials(self):
        self.stdout.write(self.style.SUCCESS(f"Demo accounts (password for all: {demo.DEMO_PASSWORD}):"))
        for email, role, is_staff, _ in demo.DEMO_USERS:
            kind = "staff (admin at /admin/)" if is_staff else role
            self.stdout.write(f"  {email:<24} {kind}")


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


@dataclass
class BuiltJob:
    job: Job
    required: list = field(default_factory=list)
    nice: list = field(default_factory=list)
    locations: list = field(default_factory=list)


class DemoSeeder:
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
        with vectors:
            for start in range(0, jobs, batch_size):
                size = min(batch_size, jobs - start)
                built = []
                for n in range(start, start + size):
                    # The demo employer's dashboard gets a few published jobs whatever N is.
                    entry = demo_company if n < 3 else self.rng.choices(self.companies, weights)[0]
                    built.append(self.build_job(entry))
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

    # --- job seekers: the demo seeker's profile and applications, opted-in candidates ---

    def create_seekers_and_applications(self):
        """Something to see on every page: the demo seeker's profile, applications and
        recommendations; candidates in the demo employer's pipeline and suggestions."""
        User.objects.filter(email__endswith=f"@{CANDIDATE_DOMAIN}").delete()
        seeker = self.accounts[demo.DEMO_SEEKER_EMAIL]
        employer = self.accounts[demo.DEMO_EMPLOYER_EMAIL]
        seeker_profile_update(
            user=seeker,
            fields=demo.DEMO_SEEKER_PROFILE,
            skills=[self.skills[slug] for slug in demo.DEMO_SEEKER_SKILLS],
            resume_upload=demo_resume(seeker.full_name, demo.DEMO_SEEKER_PROFILE["headline"]),
        )
        SavedSearch.objects.filter(user=seeker).delete()
        for name, query, frequency in demo.DEMO_SEEKER_SEARCHES:
            saved_search_create(user=seeker, name=name, query=query, frequency=frequency)
        candidates = self.create_candidates()
        jobs = list(
            Job.objects.open()
            .filter(company=self.demo_employer_company.company, apply_method=Job.ApplyMethod.ON_SITE)
            .order_by("pk")[:3]
        )
        if not jobs:
            return [seeker, *candidates]
        Application.objects.filter(seeker=seeker).delete()
        application_submit(job=jobs[0], seeker=seeker, cover_letter=demo.DEMO_COVER_LETTER)
        # The candidates spread over the demo employer's jobs and pipeline stages.
        stages = [None, None, "in_review", "interview", "offer", "rejected"]
        for n, candidate in enumerate(candidates[:8]):
            application = application_submit(
                job=jobs[n % len(jobs)],
                seeker=candidate,
                cover_letter=demo.DEMO_COVER_LETTER,
                resume_upload=demo_resume(candidate.full_name, "Python backend developer"),
            )
            if stage := stages[n % len(stages)]:
                application_move(application=application, by=employer, to_status=stage)
        return [seeker, *candidates]

    def create_candidates(self):
        rng = self.rng
        password = make_password(demo.DEMO_PASSWORD)
        people = []
        while len(people) < DEMO_CANDIDATES:
            name = (rng.choice(demo.FIRST_NAMES), rng.choice(demo.LAST_NAMES))
            if name not in people:
                people.append(name)
        users = User.objects.bulk_create(
            [
                User(
                    email=f"{slugify(first)}.{slugify(last).replace('-', '')}@{CANDIDATE_DOMAIN}",
                    full_name=f"{first} {last}",
                    role=User.Role.SEEKER,
                    password=password,
                )
                for first, last in people
            ]
        )
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users]
        )
        profiles, profile_skills = [], []
        for n, user in enumerate(users):
            track = demo.TRACKS[self.any_track()]
            level = pick(rng, LEVELS)
            country = rng.choice(list(demo.COUNTRIES))
            currency, _, mid_pay, cities = demo.COUNTRIES[country]
            low, high = demo.LEVEL_YEARS[level]
            profile = SeekerProfile(
                user=user,
                headline=rng.choice(demo.LEVEL_TITLES[level]).format(t=track["titles"][0]),
                city=rng.choice(cities),
                country=country,
                level=level,
                years_experience=rng.randint(low, high + 2),
                desired_salary=nice_round(mid_pay * demo.LEVEL_PAY[level]),
                desired_currency=currency if currency in CURRENCIES else "USD",
                wants_remote=rng.random() < 0.7,
                wants_hybrid=rng.random() < 0.5,
                wants_onsite=rng.random() < 0.3,
                # Most candidates let employers find them; every fifth does not, and never
                # shows up (by position, not by chance: whatever the seed, both kinds exist).
                open_to_matching=n % 5 != 4,
            )
            profiles.append(profile)
            slugs = track["required"] + rng.sample(track["pool"], k=min(4, len(track["pool"])))
            profile_skills.append([self.skills[slug] for slug in slugs if slug in self.skills])
        SeekerProfile.objects.bulk_create(profiles)
        SeekerProfile.skills.through.objects.bulk_create(
            [
                SeekerProfile.skills.through(seekerprofile_id=profile.pk, skill_id=skill.pk)
                for profile, skills in zip(profiles, profile_skills, strict=True)
                for skill in skills
            ]
        )
        return users

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

    def build_job(self, entry):
        """One published job with every field (and derived field) filled, not yet saved."""
        rng = self.rng
        spec = entry.spec
        track_name = rng.choice(spec["tracks"]) if rng.random() < 0.85 else self.any_track()
        track = demo.TRACKS[track_name]
        level = pick(rng, LEVELS)
        employment_type = (
            "internship" if level == "entry" and rng.random() < 0.25 else pick(rng, EMPLOYMENT_TYPES)
        )
        if entry.is_agency and employment_type == "full_time" and rng.random() < 0.3:
            employment_type = "contract"
        elif employment_type == "temporary" and level == "lead":
            employment_type = "full_time"
        country, city = self.place(entry)
        work_mode = pick(rng, WORK_MODES)
        if employment_type == "internship" and work_mode == "remote":
            work_mode = "hybrid"
        locations = self.remote_areas(country) if work_mode == "remote" else []
        currency, period, salary_min, salary_max = self.salary(
            entry, track_name, country, level, employment_type, locations
        )
        required, nice = self.pick_skills(track, level)
        relocate_ok = work_mode != "remote" and country in VISA_COUNTRIES and level != "entry"
        visa = (relocate_ok and rng.random() < 0.35) or rng.random() < 0.03
        relocation = work_mode != "remote" and (rng.random() < (0.6 if visa else 0.15))
        team = rng.choice(spec["teams"])
        title = self.title(track, level, employment_type, team, entry.is_agency)
        slug = self.slugify(title)
        published_at = self.now - PUBLISHED_WITHIN * rng.random()
        # As job_approve sets it: the employer's closing date, else 60 days after approval.
        closing_date = timezone.localdate(published_at + DEFAULT_JOB_LIFETIME)
        if rng.random() < 0.3:
            closing_date = self.today + timedelta(days=rng.randint(7, 55))
        apply_url = ""
        if rng.random() < (0.1 if entry.is_agency else 0.15):
            apply_url = f"https://careers.{spec['domain']}.example.com/jobs/{slug}-{rng.randint(1000, 9999)}"
        poster = rng.choice(entry.members)
        age_days = (self.now - published_at).days
        job = Job(
            company=entry.company,
            posted_by=poster,
            title=title,
            slug=slug,
            level=level,
            open_to_juniors=level == "entry" or (level == "mid" and rng.random() < 0.25),
            work_mode=work_mode,
            city=city,
            country=country,
            employment_type=employment_type,
            salary_min=salary_min,
            salary_max=salary_max,
            salary_currency=currency,
            salary_period=period,
            salary_min_usd=yearly_usd(salary_min, currency, period),
            salary_max_usd=yearly_usd(salary_max, currency, period),
            visa_sponsorship=visa,
            relocation_help=relocation,
            is_agency=entry.is_agency,
            closing_date=closing_date,
            apply_method=Job.ApplyMethod.EXTERNAL if apply_url else Job.ApplyMethod.ON_SITE,
            apply_url=apply_url,
            status=Job.Status.PUBLISHED,
            submitted_at=published_at - timedelta(hours=rng.uniform(1, 40)),
            published_at=published_at,
            view_count=age_days * rng.randint(3, 25) + rng.randint(0, 30),
            skills_text=skills_search_text(required + nice),
        )
        # Stored as the services store text (listings.text), so an edit compares equal.
        job.description = normalise_text(
            self.description(
                entry,
                job,
                country,
                track,
                team,
                required,
                nice,
                locations,
                recruiter=poster.full_name.split()[0],
            )
        )
        return BuiltJob(job=job, required=required, nice=nice, locations=locations)

    def any_track(self):
        names = list(demo.TRACKS)
        return self.rng.choices(names, [demo.TRACKS[name]["weight"] for name in names])[0]

    def slugify(self, title):
        # Titles repeat a lot; slugify is the slow part of building a job.
        if title not in self._slugs:
            self._slugs[title] = slugify(title)[:140] or "job"
        return self._slugs[title]

    def place(self, entry):
        rng = self.rng
        offices = entry.spec["offices"]
        country, city = offices[0] if rng.random() < 0.5 else rng.choice(offices)
        if rng.random() < 0.2:
            # A branch or a client elsewhere in the same country.
            city = rng.choice(demo.COUNTRIES[country][3])
        return country, city

    def remote_areas(self, country):
        options = demo.REMOTE_AREAS.get(country) or [[country], *demo.REMOTE_AREAS_DEFAULT]
        return list(self.rng.choice(options))

    def salary(self, entry, track_name, country, level, employment_type, locations):
        rng = self.rng
        currency, period, mid_yearly, _ = demo.COUNTRIES[country]
        yearly = mid_yearly * demo.LEVEL_PAY[level] * entry.pay_factor * TRACK_PAY.get(track_name, 1.0)
        yearly *= rng.uniform(0.92, 1.08)
        cross_border = locations and locations[0] in ("WORLDWIDE", "EMEA", "APAC", "LATAM")
        if cross_border and currency != "USD" and rng.random() < 0.5:
            # Teams hiring across borders often state pay in US dollars.
            yearly = yearly * float(CURRENCIES[currency][1]) * 1.05
            currency, period = "USD", "year"
        if employment_type == "internship":
            yearly *= 0.55
            period = "month"
        elif employment_type == "part_time":
            period = "hour"
        elif employment_type == "contract":
            yearly *= 1.2
            period = CONTRACT_PERIOD.get(country, "day")
        amount = yearly / PERIOD_PER_YEAR[period]
        if rng.random() < 0.05:
            fixed = nice_round(amount)
            return currency, period, fixed, fixed
        low = nice_round(amount * rng.uniform(0.86, 0.95))
        high = max(nice_round(amount * rng.uniform(1.08, 1.25)), low)
        return currency, period, low, high

    def pick_skills(self, track, level):
        rng = self.rng
        required = list(track["required"])
        pool = [slug for slug in track["pool"] if slug not in required]
        rng.shuffle(pool)
        extra = rng.randint(*EXTRA_REQUIRED[level])
        required += pool[:extra]
        nice = pool[extra : extra + rng.randint(1, 3)]
        return [self.skills[slug] for slug in required], [self.skills[slug] for slug in nice]

    def title(self, track, level, employment_type, team, is_agency):
        rng = self.rng
        if employment_type == "internship":
            return rng.choice(demo.INTERN_TITLES)
        title = rng.choice(demo.LEVEL_TITLES[level]).format(t=rng.choice(track["titles"]))
        if (
            level in ("mid", "senior")
            and not is_agency
            and rng.random() < 0.25
            and not any(mark in title for mark in ",()")
        ):
            title = f"{title}, {team}"
        if employment_type == "contract" and rng.random() < 0.6:
            title += " (Contract)"
        elif employment_type == "part_time":
            title += " (Part-time)"
        return title[:120]

    # --- the posting ---

    def description(self, entry, job, country, track, team, required, nice, locations, recruiter):
        rng = self.rng
        spec = entry.spec
        name = spec["name"]
        if entry.is_agency:
            client = rng.choice(demo.AGENCY_CLIENTS)
            about = (
                f"{name} is recruiting on behalf of our client, {client} based in {job.city}. "
                f"They're hiring {a(job.title)} to strengthen their backend team."
            )
            product_area = demo.AGENCY_PRODUCT_AREA
        else:
            about = rng.choice(
                [
                    f"{name} {spec['does']}. We're hiring {a(job.title)} to join the {team} team.",
                    f"Join the {team} team at {name}. {name} {spec['does']}, and we're growing.",
                    f"The {team} team at {name} is looking for {a(job.title)}. {name} {spec['does']}.",
                ]
            )
            product_area = rng.choice(demo.PRODUCT_AREAS).format(team=team)
        intro = rng.choice(demo.LEVEL_INTROS[job.level]).format(reports=rng.randint(4, 8))
        if job.open_to_juniors and job.level != "entry":
            intro += " " + rng.choice(demo.JUNIOR_WELCOME)
        mode = rng.choice(demo.WORK_MODE_LINES[job.work_mode]).format(
            city=job.city, areas=areas_phrase(locations)
        )

        skill_slugs = [skill.slug for skill in required + nice]
        work = rng.sample(track["work"], 2)
        for slug in rng.sample(skill_slugs[1:], min(3, len(skill_slugs) - 1)):
            work.append(demo.SKILL_LINES[slug][0])
        work = [line.format(product_area=product_area) for line in work]

        years = rng.randint(*demo.LEVEL_YEARS[job.level])
        bring = [line.format(years=years) for line in demo.LEVEL_EXPERIENCE[job.level]]
        bring += [demo.SKILL_LINES[skill.slug][1] for skill in required[:6]]
        if job.level == "entry":
            bring.append(
                "You don't need all of the above yet: we'll help you build foundational skills in "
                + " and ".join(skill.name for skill in required[1:3])
            )
        nice_lines = [demo.SKILL_LINES[skill.slug][2] for skill in nice]

        offer = [f"Salary: **{job.salary_display}**, depending on experience"]
        region = country if country in demo.BENEFITS else None
        region = region or ("EU" if country in EU_BENEFIT_COUNTRIES else "other")
        offer += rng.sample(demo.BENEFITS[region], min(2, len(demo.BENEFITS[region])))
        offer += rng.sample(demo.BENEFITS["common"], rng.randint(2, 3))
        if job.visa_sponsorship:
            offer.append(rng.choice(demo.VISA_LINES))
        if job.relocation_help:
            offer.append(rng.choice(demo.RELOCATION_LINES))

        hiring = rng.choice(demo.HIRING_PROCESSES).format(recruiter=recruiter)
        if job.apply_url:
            hiring += "\n\nApply on our careers site with the link on this page."

        sections = [
            "## About the team",
            f"{about}\n\n{intro}\n\n{mode}",
            "## What you'll do",
            bullets(work),
            "## What you bring",
            bullets(bring),
        ]
        if nice_lines:
            sections += ["## Nice to have", bullets(nice_lines)]
        sections += ["## What we offer", bullets(offer), "## How we hire", hiring]
        return "\n\n".join(sections) + "\n"


def demo_resume(name, headline):
    """A one-page PDF résumé, enough for the download links to show something real."""
    text = f"{name} - {headline}".encode("latin-1", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 18 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pdf, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return SimpleUploadedFile(f"{slugify(name)}-resume.pdf", pdf, content_type="application/pdf")


def bulk_insert(model, objs, *, set_pks=True):
    """bulk_create(), or on PostgreSQL a COPY that does the same for a fraction of the time.

    bulk_create() can't use its fast UNNEST insert for a table with a tsvector column, and
    assembling a VALUES list of 37 columns by 2,500 rows is then most of the seeding time.
    The values are converted exactly as bulk_create() converts them (pre_save, then
    get_db_prep_save). With set_pks, primary keys are drawn from the table's sequence
    first and set on the objects; otherwise the database numbers the rows.
    """
    if connection.vendor != "postgresql" or not objs:
        return model.objects.bulk_create(objs)
    from psycopg import sql as psycopg_sql

    db = connections[DEFAULT_DB_ALIAS]  # the connection itself, not the per-thread proxy
    opts = model._meta
    fields = [f for f in opts.concrete_fields if not f.primary_key and not f.generated]
    columns = [opts.pk, *fields] if set_pks else fields
    statement = psycopg_sql.SQL("COPY {} ({}) FROM STDIN").format(
        psycopg_sql.Identifier(opts.db_table),
        psycopg_sql.SQL(", ").join(psycopg_sql.Identifier(f.column) for f in columns),
    )
    with db.cursor() as cursor:
        if set_pks:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [opts.db_table, opts.pk.column, len(objs)],
            )
            for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
                obj.pk = pk
        with cursor.cursor.copy(statement) as copy:
            for obj in objs:
                values = [f.get_db_prep_save(f.pre_save(obj, True), db) for f in fields]
                copy.write_row([obj.pk, *values] if set_pks else values)
    for obj in objs:
        obj._state.adding, obj._state.db = False, db.alias
    return objs


class SearchVectorRefresher:
    """Fills the jobs' search vectors, in line or on a second database connection.

    On PostgreSQL, to_tsvector over every description is the slowest part of a big seed;
    in the background it runs on the database's core while Python builds the next batch.
    The background connection only sees committed rows, so refresh after each commit.
    """

    def __init__(self, *, background):
        self.background = background
        self.executor = ThreadPoolExecutor(max_workers=1) if background else None
        self.pending = []

    def refresh(self, job_ids):
        if self.executor is None:
            jobs_refresh_search_vectors(job_ids)
        else:
            self.pending.append(self.executor.submit(jobs_refresh_search_vectors, job_ids))

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, traceback):
        if self.executor is None:
            return
        try:
            if exc_type is None:
                for future in self.pending:
                    future.result()  # re-raises a failure of the background refresh
        finally:
            for future in self.pending:
                future.cancel()
            # Django connections are per thread: close the worker's before it ends.
            self.executor.submit(connections.close_all).result()
            self.executor.shutdown()


def pick(rng, weighted):
    return rng.choices(list(weighted), list(weighted.values()))[0]


def a(title):
    """The title with its article: "a Senior ...", "an Entry-level ...", "an ML ..."."""
    return f"an {title}" if title[0] in "AEIOU" or title.startswith("ML ") else f"a {title}"


def bullets(lines):
    return "\n".join(f"- {line}" for line in lines)


def nice_round(amount):
    """Round pay the way postings state it: 85,000 not 84,613; 650 a day; 75 an hour."""
    for threshold, step in ((1_000_000, 50_000), (100_000, 5_000), (20_000, 1_000), (2_000, 100), (200, 25)):
        if amount >= threshold:
            return max(int(round(amount / step) * step), step)
    return max(int(round(amount / 5) * 5), 5)


def areas_phrase(codes):
    parts = [demo.AREA_PHRASES.get(code) or countries.name(code) or code for code in codes]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " or " + parts[-1]
