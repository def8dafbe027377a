"""Writing the insights: every scope recomputed and stored, then the cached pages refreshed."""

from django.db import transaction
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
    roles = [None, *Role.objects.filter(is_published=True).order_by("pk")]
    # Read everything first: the transaction below only writes, briefly.
    rows = [
        RoleInsights(
            scope=RoleInsights.scope_for(role),
            role=role,
            computed_at=computed_at,
            **scope_figures(role, today),
        )
        for role in roles
    ]
    with transaction.atomic():
        RoleInsights.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["scope"], update_fields=FIELDS
        )
        RoleInsights.objects.exclude(scope__in=[row.scope for row in rows]).delete()
        public_pages_changed()
    return len(rows)
