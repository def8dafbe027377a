"""Matching benchmark: 100,000 opted-in seekers and 100,000 open jobs on PostgreSQL.

    .venv/bin/python bench/matching.py

(DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/jobportal_bench_match.)
The database is dropped and created again (its name must contain "bench"), migrated,
seeded with `seed_demo --jobs N` (the jobs, as bench/seed.py does) and N seekers written
with COPY (profiles drawn from the same tracks, countries and pay as the jobs), then
it times, in-process and without Celery:

- matching one new job against every seeker (listings.services.matching.job_matches_refresh): the
  first run, which writes every match, and a re-run, which finds nothing changed;
- matching one profile against every open job (listings.services.matching.seeker_matches_refresh):
  first run, re-run, and after the profile gained a skill;
- the seeker's "Recommended for you" page on the result.

`--keep` keeps the database afterwards and `--reuse` times a kept one without seeding.
See bench/README.md ("Matching") for the figures measured.
"""

import argparse
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/jobportal_bench_match"
SEEKER_DOMAIN = "seekers.bench.example.com"
LEVELS = {"entry": 12, "mid": 38, "senior": 35, "lead": 15}
BATCH = 10_000

# New jobs to match against every seeker: (label, fields, required, nice, applicant locations).
NEW_JOBS = [
    (
        "senior Django, remote Europe",
        {"level": "senior", "work_mode": "remote", "country": "DE", "city": "Berlin"},
        ["python", "django", "postgresql", "celery"],
        ["docker", "aws"],
        ["EUROPE"],
    ),
    (
        "mid FastAPI, remote worldwide",
        {"level": "mid", "work_mode": "remote", "country": "US", "city": "Austin"},
        ["python", "fastapi"],
        ["postgresql", "docker", "kubernetes"],
        ["WORLDWIDE"],
    ),
    (
        "lead platform, on-site London, relocation help",
        {"level": "lead", "work_mode": "onsite", "country": "GB", "city": "London", "relocation_help": True},
        ["python", "kubernetes", "terraform"],
        ["aws", "observability"],
        [],
    ),
]


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--jobs", type=int, default=100_000)
    parser.add_argument("--seekers", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true", help="Keep the database afterwards.")
    parser.add_argument("--reuse", action="store_true", help="Time a database kept by --keep; no seeding.")
    args = parser.parse_args()

    url = os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    os.environ.pop("REDIS_URL", None)  # tasks would run eagerly anyway; keep the broker out of it
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database whose name contains 'bench'.")
    name = unquote(parts.path.lstrip("/"))
    if "bench" not in name:
        sys.exit(f"Refusing to drop {name!r}: the benchmark database's name must contain 'bench'.")

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobportal.settings")
    import django

    from bench.seed import drop_database, recreate_database

    if not args.reuse:
        recreate_database(parts, name)
    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections

    try:
        if not args.reuse:
            call_command("migrate", verbosity=0)
            started = time.perf_counter()
            call_command("seed_demo", jobs=args.jobs, verbosity=0)
            jobs_seconds = time.perf_counter() - started
            started = time.perf_counter()
            seed_seekers(args.seekers)
            seekers_seconds = time.perf_counter() - started
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            print(
                f"seeded       {args.jobs:,} jobs in {jobs_seconds:.1f}s, "
                f"{args.seekers:,} seekers in {seekers_seconds:.1f}s"
            )
        print_machine()
        time_matching()
    finally:
        connections.close_all()
        if not args.keep:
            drop_database(parts, name)


def seed_seekers(count, seed=2026):
    """Opted-in seekers like the candidates seed_demo makes, in COPY batches."""
    from django.db import transaction

    from accounts.models import SeekerProfile, User
    from listings.currency import CURRENCIES
    from listings.demo import content as demo
    from listings.demo.bulk import bulk_insert
    from listings.demo.postings import nice_round, pick
    from listings.models import Skill

    rng = random.Random(seed)  # noqa: S311 - benchmark data
    skill_ids = dict(Skill.objects.values_list("slug", "pk"))
    tracks = list(demo.TRACKS)
    weights = [demo.TRACKS[track]["weight"] for track in tracks]
    countries = list(demo.COUNTRIES)
    Through = SeekerProfile.skills.through
    for start in range(0, count, BATCH):
        users, profiles, links = [], [], []
        for n in range(start, min(start + BATCH, count)):
            users.append(
                User(
                    email=f"seeker{n}@{SEEKER_DOMAIN}",
                    full_name=f"Seeker {n}",
                    role=User.Role.SEEKER,
                    password="!",  # noqa: S106 - an unusable password hash: nobody logs in
                )
            )
        with transaction.atomic():
            bulk_insert(User, users)
            for user in users:
                track = demo.TRACKS[rng.choices(tracks, weights)[0]]
                level = pick(rng, LEVELS)
                country = rng.choice(countries)
                currency, _, mid_pay, cities = demo.COUNTRIES[country]
                low, high = demo.LEVEL_YEARS[level]
                profiles.append(
                    SeekerProfile(
                        user=user,
                        headline=rng.choice(demo.LEVEL_TITLES[level]).format(t=track["titles"][0]),
                        city=rng.choice(cities),
                        country=country if rng.random() < 0.95 else "",
                        level=level if rng.random() < 0.9 else "",
                        years_experience=rng.randint(low, high + 2),
                        desired_salary=nice_round(mid_pay * demo.LEVEL_PAY[level] * rng.uniform(0.85, 1.2))
                        if rng.random() < 0.85
                        else None,
                        desired_currency=currency if currency in CURRENCIES else "USD",
                        wants_remote=rng.random() < 0.7,
                        wants_hybrid=rng.random() < 0.5,
                        wants_onsite=rng.random() < 0.3,
                        open_to_matching=True,
                    )
                )
                slugs = set(track["required"][: rng.randint(2, len(track["required"]))])
                slugs.update(rng.sample(track["pool"], k=min(rng.randint(2, 6), len(track["pool"]))))
                links.append([skill_ids[slug] for slug in slugs if slug in skill_ids])
            bulk_insert(SeekerProfile, profiles)
            bulk_insert(
                Through,
                [
                    Through(seekerprofile_id=profile.pk, skill_id=skill_id)
                    for profile, ids in zip(profiles, links, strict=True)
                    for skill_id in ids
                ],
                set_pks=False,
            )


def print_machine():
    import django
    from django.db import connection

    from accounts.models import SeekerProfile
    from listings.models import Job, JobMatch

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
    print()
    print("== Matching benchmark ==")
    print(
        f"machine      {os.cpu_count()} CPUs, {platform.machine()}, {platform.system()} {platform.release()}"
    )
    versions = f"Python {platform.python_version()}, Django {django.get_version()}"
    print(f"software     {versions}, PostgreSQL {pg_version}")
    print(f"load average {' / '.join(f'{load:.2f}' for load in os.getloadavg())} (1/5/15 min)")
    print(
        f"data         {Job.objects.open().count():,} open jobs, "
        f"{SeekerProfile.objects.filter(open_to_matching=True).count():,} opted-in seekers, "
        f"{JobMatch.objects.count():,} stored matches"
    )


def timed(function):
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def time_matching():
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse
    from django.utils import timezone

    from accounts.models import SeekerProfile
    from listings.models import DEFAULT_JOB_LIFETIME, Company, Job, JobMatch, Skill
    from listings.services import jobs as job_services
    from listings.services import matching as matching_services

    # A kept database (--reuse) starts again from no stored matches and no bench jobs.
    Job.objects.filter(title__startswith="Bench: ").delete()
    JobMatch.objects.all().delete()
    company = Company.objects.order_by("pk").first()
    poster = company.memberships.first().user if company.memberships.exists() else None
    skills = {skill.slug: skill for skill in Skill.objects.all()}
    print()
    print("== One new job against every seeker (job_matches_refresh) ==")
    job_seconds = []
    for label, fields, required, nice, locations in NEW_JOBS:
        with transaction.atomic():
            job = Job(
                company=company,
                posted_by=poster,
                title=f"Bench: {label}",
                description="A benchmark job.",
                salary_min=90_000,
                salary_max=130_000,
                salary_currency="USD",
                **fields,
            )
            job.save()
            job_services._set_skills(job, [skills[s] for s in required], [skills[s] for s in nice])
            job_services._set_applicant_locations(job, locations)
            job_services.job_refresh_derived(job=job)
            now = timezone.now()
            Job.objects.filter(pk=job.pk).update(
                status=Job.Status.PUBLISHED,
                published_at=now,
                closing_date=timezone.localdate(now + DEFAULT_JOB_LIFETIME),
            )
        first, result = timed(lambda job=job: matching_services.job_matches_refresh(job=job))
        again, result_again = timed(lambda job=job: matching_services.job_matches_refresh(job=job))
        job_seconds.append(first)
        print(
            f"{label:<48} first {first:6.2f}s ({result['matches']:,} matches written)   "
            f"re-run {again:6.2f}s ({result_again['written']} written)"
        )

    print()
    print("== One profile against every open job (seeker_matches_refresh) ==")
    profile_seconds = []
    rng = random.Random(7)  # noqa: S311 - benchmark data
    ids = list(
        SeekerProfile.objects.filter(user__email__endswith=SEEKER_DOMAIN)
        .exclude(skills__slug="docker")  # so that adding Docker below changes something
        .values_list("user_id", flat=True)
    )
    User = get_user_model()
    for user_id in rng.sample(ids, 3):
        user = User.objects.get(pk=user_id)
        profile = user.profile
        label = (
            f"{profile.get_level_display() or 'no level'}, {profile.country.code or 'no country'}, "
            f"{profile.skills.count()} skills, wants {'/'.join(profile.preferred_work_modes) or 'any'}"
        )
        first, result = timed(lambda user=user: matching_services.seeker_matches_refresh(user=user))
        again, result_again = timed(lambda user=user: matching_services.seeker_matches_refresh(user=user))
        profile.skills.add(skills["docker"], skills["postgresql"])
        changed, result_changed = timed(lambda user=user: matching_services.seeker_matches_refresh(user=user))
        profile_seconds.append(first)
        print(
            f"{label:<48} first {first:6.2f}s ({result['matches']:,} matches)   re-run {again:5.2f}s "
            f"({result_again['written']} written)   +2 skills {changed:5.2f}s "
            f"({result_changed['written']:,} written, {result_changed['deleted']} deleted)"
        )

    setup_test_environment()
    client = Client()
    client.force_login(user)
    url = reverse("listings:recommended")
    times = []
    for _ in range(5):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    print()
    print(
        f"GET {url} for the last seeker ({JobMatch.objects.filter(seeker=user).count():,} matches): "
        f"{times[0]:.0f} ms first, {statistics.median(times[1:]):.0f} ms median of 4 more "
        f"(HTTP {response.status_code})"
    )
    print()
    print(
        f"targets      one job against all seekers < 2 s: worst {max(job_seconds):.2f}s; "
        f"one profile against all jobs < 1 s: worst {max(profile_seconds):.2f}s"
    )


if __name__ == "__main__":
    main()
