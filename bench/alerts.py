"""Saved-search alerts benchmark: digests for 10,000 due saved searches over 100,000 jobs.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jobportal_bench_alerts \
        .venv/bin/python bench/alerts.py --jobs 100000 --searches 10000

The database named in DATABASE_URL is dropped and created again (its name must contain
"bench"), migrated and seeded with `seed_demo --jobs N` (as bench/seed.py does), then
filled with N users each owning one due saved search, with a mix of real queries
(keywords, skills, work mode, level, salary, country; daily and weekly). It then times
`listings.services.digests.saved_searches_send_due()` over all of them and a second run (which
must find nothing due). The database is dropped at the end unless --keep is given;
--reuse skips the drop/seed and only replaces the saved searches (after a --keep run).

Sending the emails is the outbox worker's job, not the digest's: by default the
after-commit enqueue is counted, not published. With REDIS_URL set and --enqueue,
each email is published to that Redis for real and the queue is purged afterwards.
"""

import argparse
import importlib.util
import os
import platform
import random
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent

KEYWORDS = [
    "django",
    "fastapi",
    "flask",
    "postgres",
    "django postgres",
    "celery",
    "kafka",
    "kubernetes",
    "graphql",
    "aws",
    "machine learning",
    "microservices",
    "data pipelines",
    "redis",
    "backend engineer",
    "api",
    "djnago",  # a typo: corrected to django
]
LEVELS = ["entry", "mid", "senior", "lead"]
WORK_MODES = ["remote", "hybrid", "onsite"]
COUNTRIES = ["DE", "GB", "US", "NL", "FR", "PL", "ES", "CA", "IN", "BR"]
SALARIES = [40000, 60000, 80000, 100000, 120000, 150000]


def load_seed_module():
    spec = importlib.util.spec_from_file_location("bench_seed", ROOT / "bench" / "seed.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def random_query(rng, skill_slugs):
    """One saved search's filters, as a user would have set them on /jobs/."""
    params = []
    if rng.random() < 0.6:
        params.append(("q", rng.choice(KEYWORDS)))
    if rng.random() < 0.45:
        params.extend(("skills", slug) for slug in rng.sample(skill_slugs, rng.choice([1, 1, 2, 3])))
    if rng.random() < 0.5:
        params.append(("work_mode", rng.choice(WORK_MODES)))
        if rng.random() < 0.2:
            params.append(("work_mode", rng.choice(WORK_MODES)))
    if rng.random() < 0.5:
        params.append(("level", rng.choice(LEVELS)))
    if rng.random() < 0.35:
        params.append(("salary", str(rng.choice(SALARIES))))
        params.append(("currency", rng.choice(["USD", "USD", "EUR", "GBP"])))
    if rng.random() < 0.2:
        params.append(("country", rng.choice(COUNTRIES)))
    if rng.random() < 0.1:
        params.append(("visa", "1"))
    if rng.random() < 0.1:
        params.append(("direct", "1"))
    if not params or rng.random() < 0.03:
        params = []  # "all new jobs"
    return params


def create_saved_searches(count, seed=7):
    """`count` users, verified, each with one saved search that is due now."""
    from allauth.account.models import EmailAddress
    from django.db import connection, transaction
    from django.utils import timezone

    from accounts.models import EmailOutbox, User
    from listings.models import SavedSearch
    from listings.search.saved_query import load_skills, normalise_query

    rng = random.Random(seed)  # noqa: S311 - benchmark data
    now = timezone.now()
    skill_list = load_skills()
    skill_slugs = [skill.slug for skill in skill_list]
    with transaction.atomic():
        SavedSearch.objects.all().delete()
        EmailOutbox.objects.filter(key__startswith="saved-search:").delete()
        User.objects.filter(email__endswith="@alerts.bench").delete()
        users = User.objects.bulk_create(
            [
                User(email=f"seeker{i}@alerts.bench", full_name=f"Seeker {i}", role=User.Role.SEEKER)
                for i in range(count)
            ],
            batch_size=2000,
        )
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users],
            batch_size=2000,
        )
        searches = []
        for i, user in enumerate(users):
            query, _ = normalise_query(urlencode(random_query(rng, skill_slugs)), skill_list=skill_list)
            weekly = rng.random() < 0.3
            period = timedelta(weeks=1) if weekly else timedelta(days=1)
            # Due now or in the last quarter hour; the watermark one period back.
            next_digest_at = now - timedelta(minutes=rng.uniform(0, 15))
            searches.append(
                SavedSearch(
                    user=user,
                    name=f"Search {i}",
                    query=query,
                    frequency="weekly" if weekly else "daily",
                    last_digest_at=next_digest_at - period,
                    next_digest_at=next_digest_at,
                )
            )
        SavedSearch.objects.bulk_create(searches, batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return searches


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--jobs", type=int, default=100_000)
    parser.add_argument("--searches", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true", help="Keep the database afterwards.")
    parser.add_argument(
        "--reuse", action="store_true", help="Use the seeded database of an earlier --keep run."
    )
    parser.add_argument(
        "--enqueue", action="store_true", help="Publish each email to REDIS_URL for real (then purge)."
    )
    parser.add_argument("--profile", action="store_true", help="Print a cProfile of the digest run.")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        sys.exit(
            "Set DATABASE_URL to a PostgreSQL database, "
            "e.g. postgres://postgres@127.0.0.1:5432/jobportal_bench_alerts"
        )
    name = unquote(parts.path.lstrip("/"))
    if "bench" not in name:
        sys.exit(f"Refusing to drop {name!r}: the benchmark database's name must contain 'bench'.")
    if args.enqueue and not os.environ.get("REDIS_URL"):
        sys.exit("--enqueue needs REDIS_URL (a Redis database of your own: the queue is purged).")

    seed = load_seed_module()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobportal.settings")
    import django

    if not args.reuse:
        seed.recreate_database(parts, name)
    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections

    try:
        call_command("migrate", verbosity=0)
        seed_seconds = None
        if not args.reuse:
            started = time.perf_counter()
            call_command("seed_demo", jobs=args.jobs)
            seed_seconds = time.perf_counter() - started
        started = time.perf_counter()
        create_saved_searches(args.searches)
        setup_seconds = time.perf_counter() - started
        run_digests(args, connection, seed_seconds, setup_seconds)
    finally:
        connections.close_all()
        if not args.keep:
            seed.drop_database(parts, name)


def run_digests(args, connection, seed_seconds, setup_seconds):
    import django
    from django.utils import timezone

    from accounts import services as account_services
    from accounts.models import EmailOutbox
    from listings.models import Job, SavedSearch
    from listings.services import digests as services

    enqueued = []
    if not args.enqueue:
        # Count the after-commit enqueues instead of sending (no broker: eager Celery would send).
        account_services._enqueue_send = enqueued.append

    queries = [0]

    def count_queries(execute, sql, params, many, context):
        queries[0] += 1
        return execute(sql, params, many, context)

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
    due = SavedSearch.objects.due(timezone.now()).count()
    distinct = SavedSearch.objects.values("query").distinct().count()
    open_jobs = Job.objects.open().count()

    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    with connection.execute_wrapper(count_queries):
        started = time.perf_counter()
        result = services.saved_searches_send_due()
        seconds = time.perf_counter() - started
    if profiler:
        profiler.disable()
    started = time.perf_counter()
    second = services.saved_searches_send_due()
    second_seconds = time.perf_counter() - started
    outbox = EmailOutbox.objects.filter(key__startswith="saved-search:")
    sizes = Counter(
        "21+" if subject.startswith("More than") else int(subject.split(" ", 1)[0])
        for subject in outbox.values_list("subject", flat=True)
    )
    outbox = outbox.count()

    if args.enqueue:
        from jobportal.celery import app

        purged = app.control.purge()
        print(f"(purged {purged} queued email task(s) from {os.environ['REDIS_URL']})")

    print()
    print("== Saved-search alerts benchmark ==")
    print(
        f"machine      {os.cpu_count()} CPUs, {platform.machine()}, {platform.system()} {platform.release()}"
    )
    print(f"load average {' / '.join(f'{load:.2f}' for load in os.getloadavg())} (1/5/15 min, at the end)")
    versions = f"Python {platform.python_version()}, Django {django.get_version()}, PostgreSQL {pg_version}"
    print(f"software     {versions}")
    if seed_seconds is not None:
        print(f"seed_demo    {seed_seconds:.1f}s for --jobs {args.jobs:,}")
    print(
        f"data         {open_jobs:,} open jobs, {due:,} due saved searches "
        f"with {distinct:,} distinct queries (created in {setup_seconds:.1f}s)"
    )
    print(
        f"digests      {seconds:.1f}s: {result['processed']:,} searches processed, "
        f"{result['emailed']:,} emails written ({outbox:,} outbox rows), "
        f"{queries[0]:,} queries, {result['processed'] / seconds:,.0f} searches/s"
    )
    sent = (
        "published to Redis" if args.enqueue else f"{len(enqueued):,} after-commit enqueues counted, not sent"
    )
    print(f"             ({sent})")
    print(
        f"second run   {second_seconds:.2f}s: {second['processed']} processed, {second['emailed']} emailed "
        "(nothing is due twice)"
    )
    small = sum(count for size, count in sizes.items() if size != "21+")
    print(
        f"digest sizes {sizes.get('21+', 0):,} with more than {services.DIGEST_MAX_JOBS} new jobs, "
        f"{small:,} with 1-{services.DIGEST_MAX_JOBS}, "
        f"{result['processed'] - result['emailed']:,} with none (no email)"
    )
    print(f"target       < 60 s for 10,000 searches: {'met' if seconds < 60 else 'MISSED'}")
    if profiler:
        import pstats

        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    main()
