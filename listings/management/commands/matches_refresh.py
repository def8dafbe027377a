"""`manage.py matches_refresh`: recompute the stored job matches.

Without options every open job is scored against every seeker, here and now (after
changing the weights in listings.matching.scoring, or on a fresh demo database). With
`--since-hours N` only jobs and profiles changed in the last N hours, as the nightly
task does; `--enqueue` hands each job and profile to a Celery task instead.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from listings.services.matching import matches_refresh_all


class Command(BaseCommand):
    help = "Recompute the stored job matches (all of them, or those changed recently)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--since-hours", type=float, default=None, help="Only what changed in the last N hours."
        )
        parser.add_argument("--enqueue", action="store_true", help="One Celery task per job and profile.")

    def handle(self, *args, since_hours, enqueue, **options):
        if since_hours is not None and since_hours <= 0:
            raise CommandError("--since-hours must be more than 0.")
        since = timezone.now() - timedelta(hours=since_hours) if since_hours else None
        result = matches_refresh_all(since=since, enqueue=enqueue)
        self.stdout.write(
            f"Pruned {result['pruned']:,} rows; {'queued' if enqueue else 'refreshed'} "
            f"{result['jobs']:,} jobs and {result['seekers']:,} profiles."
        )
