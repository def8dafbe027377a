"""`manage.py compute_insights`: the nightly computation of the insights, on demand."""

import time

from django.core.management.base import BaseCommand

from insights.services import insights_compute_all


class Command(BaseCommand):
    help = "Recompute the salary, skill and demand figures of the role pages and /insights/."

    def handle(self, *args, verbosity, **options):
        started = time.monotonic()
        scopes = insights_compute_all()
        if verbosity >= 1:
            self.stdout.write(f"Computed insights for {scopes} scopes in {time.monotonic() - started:.1f}s.")
