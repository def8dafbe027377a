"""`manage.py seed_demo`: demo accounts every time, demo content on an empty database.

`make run` calls this on every start, so it is idempotent and quick: the three demo
accounts are (re)created and printed each time; companies, jobs and the role page
only when there are no jobs yet, or after `--reset`. `--jobs 100000` builds a
benchmark-sized database with bulk inserts (see bench/README.md). The work is
listings.demo's: the content (content.py), the seeder and the jobs it builds. The
insights (salaries, skills, demand) are computed after new content, or when there are
none yet, so the role pages show them at once.
"""

import random
import time

from django.core.management.base import BaseCommand, CommandError

from insights.models import RoleInsights
from insights.services import insights_compute_all
from listings.demo import content as demo
from listings.demo.seeder import DemoSeeder, demo_content_delete, role_seed, seed_accounts
from listings.models import Job

DEFAULT_JOBS = 300
DEFAULT_BATCH = 2500


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
        if not existing or not RoleInsights.objects.exists():
            # The role pages and /insights/ show figures at once, not after the nightly run.
            scopes = insights_compute_all()
            self.log(verbosity, f"Computed the salary and skill insights of {scopes} scopes.")
        self.print_credentials()

    def log(self, verbosity, text):
        if verbosity >= 1:
            self.stdout.write(text)

    def print_credentials(self):
        self.stdout.write(self.style.SUCCESS(f"Demo accounts (password for all: {demo.DEMO_PASSWORD}):"))
        for email, role, is_staff, _ in demo.DEMO_USERS:
            kind = "staff (admin at /admin/)" if is_staff else role
            self.stdout.write(f"  {email:<24} {kind}")
