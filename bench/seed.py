"""Seeding benchmark: a fresh PostgreSQL database, `seed_demo --jobs N`, then a few searches.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jobportal_bench \
        .venv/bin/python bench/seed.py --jobs 100000

The database named in DATABASE_URL is dropped and created again (so its name must
contain "bench"), migrated, seeded and timed, then dropped unless --keep is given.
See bench/README.md for the figures measured so far.
"""

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
SEARCHES = ["django postgres", "fastapi kubernetes remote", "djnago"]  # the last one is a typo
PAGES = [
    "/jobs/",
    "/jobs/?q=django+postgres",
    "/jobs/?q=django&level=senior&work_mode=remote",
    "/jobs/?q=djnago",
    "/jobs/python-backend-developer/",
]


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--jobs", type=int, default=100_000)
    parser.add_argument(
        "--keep", action="store_true", help="Keep the database afterwards (to try the site on it)."
    )
    parser.add_argument("--no-search", action="store_true", help="Skip the search timings.")
    parser.add_argument(
        "--search-only",
        action="store_true",
        help="Only time the searches, on a database kept by an earlier --keep run (after `migrate`).",
    )
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        sys.exit(
            "Set DATABASE_URL to a PostgreSQL database, e.g. postgres://postgres@127.0.0.1:5432/jobportal_bench"
        )
    name = unquote(parts.path.lstrip("/"))
    if "bench" not in name:
        sys.exit(f"Refusing to drop {name!r}: the benchmark database's name must contain 'bench'.")

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobportal.settings")
    import django

    if args.search_only:
        django.setup()
        print(f"load average {' / '.join(f'{load:.2f}' for load in os.getloadavg())} (1/5/15 min)")
        time_searches()
        return
    recreate_database(parts, name)
    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections

    try:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        migrate_seconds = time.perf_counter() - started

        started = time.perf_counter()
        call_command("seed_demo", jobs=args.jobs)
        seed_seconds = time.perf_counter() - started

        counts = row_counts()
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            pg_version = cursor.fetchone()[0]
            cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            db_size = cursor.fetchone()[0]
        rows = sum(counts.values())
        print()
        print("== Seeding benchmark ==")
        system = f"{platform.machine()}, {platform.system()} {platform.release()}"
        print(f"machine      {os.cpu_count()} CPUs, {system}")
        print(
            f"load average {' / '.join(f'{load:.2f}' for load in os.getloadavg())} (1/5/15 min, at the end)"
        )
        versions = f"Python {platform.python_version()}, Django {django.get_version()}"
        print(f"software     {versions}, PostgreSQL {pg_version}")
        print(f"migrate      {migrate_seconds:.1f}s")
        print(f"seed_demo    {seed_seconds:.1f}s for --jobs {args.jobs:,}  (database now {db_size})")
        print(f"rows         {', '.join(f'{label} {count:,}' for label, count in counts.items())}")
        print(f"rate         {args.jobs / seed_seconds:,.0f} jobs/s, {rows / seed_seconds:,.0f} rows/s")
        if not args.no_search:
            time_searches()
    finally:
        connections.close_all()
        if not args.keep:
            drop_database(parts, name)


def admin_connection(parts):
    import psycopg

    return psycopg.connect(
        host=parts.hostname or "",
        port=parts.port or 5432,
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        dbname="postgres",
        autocommit=True,
    )


def recreate_database(parts, name):
    from psycopg import sql

    with admin_connection(parts) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(parts, name):
    from psycopg import sql

    with admin_connection(parts) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def row_counts():
    from accounts.models import User
    from listings.models import ApplicantLocation, Company, Job, JobSkill

    return {
        "jobs": Job.objects.count(),
        "job skills": JobSkill.objects.count(),
        "applicant locations": ApplicantLocation.objects.count(),
        "companies": Company.objects.count(),
        "users": User.objects.count(),
    }


def timed(function, repeat=5):
    """(first run, median of the next runs) in milliseconds, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - started) * 1000)
    return times[0], statistics.median(times[1:]), result


def time_searches():
    from django.test import Client
    from django.test.utils import setup_test_environment

    from listings.models import Job

    print()
    print("== Searches on this data (ms: first run / median of 4 more) ==")
    for text in SEARCHES:
        matches = Job.objects.open().search(text)
        first, median, count = timed(matches.count)
        print(f"count    {text!r:<30} {first:7.1f} / {median:7.1f}   {count:,} matches")
        page = matches.for_list_page().order_by("-rank", "-published_at")
        first, median, _ = timed(lambda page=page: list(page[:20]))
        print(f"page 1   {text!r:<30} {first:7.1f} / {median:7.1f}   top 20 by rank, with company and skills")

    setup_test_environment()  # lets the test client in (ALLOWED_HOSTS) and keeps mail in memory
    client = Client()
    for path in PAGES:
        first, median, response = timed(lambda path=path: client.get(path))
        print(f"GET      {path:<48} {first:7.1f} / {median:7.1f}   HTTP {response.status_code}")
        htmx_first, htmx_median, _ = timed(lambda path=path: client.get(path, headers={"HX-Request": "true"}))
        print(f"  (htmx) {'':<48} {htmx_first:7.1f} / {htmx_median:7.1f}")


if __name__ == "__main__":
    main()
