"""Writing the insights: every scope recomputed and stored, then the cached pages refreshed."""

from django.db import connection, transaction
from django.utils import timezone

from listings.models import Role
from listings.page_cache import public_pages_changed

from .computation import scope_figures
from .models import RoleInsights

FIELDS = ("role", "computed_at", "window_start", "jobs", "salary", "skills", "demand")


def insights_compute_all(*, today=None):
    """Recompute the figures of every published role and of all jobs; returns how many
    scopes were written. Idempotent: each scope's row is replaced (upserted by scope),
    and rows of roles no longer published are deleted."""
    computed_at = timezone.now()
    rows = _read_all_scopes(computed_at, today)
    # Written apart from the reads: this transaction is brief.
    with transaction.atomic():
        RoleInsights.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["scope"], update_fields=FIELDS
        )
        RoleInsights.objects.exclude(scope__in=[row.scope for row in rows]).delete()
        public_pages_changed()
    return len(rows)


def _read_all_scopes(computed_at, today):
    """Every scope's figures from one snapshot of the listings (on PostgreSQL), so the
    shares and totals agree even while jobs are being published."""
    # Inside a caller's transaction (a test's) the isolation level is the caller's.
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        roles = [None, *Role.objects.filter(is_published=True).order_by("pk")]
        return [
            RoleInsights(
                scope=RoleInsights.scope_for(role),
                role=role,
                computed_at=computed_at,
                **scope_figures(role, today),
            )
            for role in roles
        ]
