"""Saved searches and their alert schedule."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from .skills import Role

MAX_SAVED_SEARCHES = 25
MAX_SAVED_QUERY_LENGTH = 2000


class SavedSearchQuerySet(models.QuerySet):
    def for_user(self, user):
        """The user's own saved searches; anyone else's id is not found."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def due(self, now):
        """Searches whose digest is due: alerts on (next_digest_at is NULL when off)."""
        return self.filter(next_digest_at__lte=now)

    def for_list_page(self):
        return self.select_related("role").order_by("-created_at", "-pk")


class SavedSearch(models.Model):
    """A search (its normalised query string) a user asked to be emailed about.

    `last_digest_at` is the watermark: jobs published after it have not been
    considered for a digest yet. `next_digest_at` is when the next digest is due;
    it is NULL while alerts are off (unsubscribed), so the search stays listed
    but is never due.
    """

    class Frequency(models.TextChoices):
        DAILY = "daily", "Daily"
        WEEKLY = "weekly", "Weekly"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(max_length=100)
    # Only known filters, valid values, sorted, no page: "level=senior&q=django".
    query = models.CharField(max_length=MAX_SAVED_QUERY_LENGTH, blank=True)
    # Saved from a role page: the role's jobs only (NULL: all jobs).
    role = models.ForeignKey(Role, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    frequency = models.CharField(max_length=8, choices=Frequency, default=Frequency.DAILY)
    alerts_enabled = models.BooleanField("email alerts", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    last_digest_at = models.DateTimeField(help_text="Jobs published after this are not in a digest yet.")
    next_digest_at = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField(
        null=True, blank=True, help_text="When the last digest email was written."
    )

    objects = SavedSearchQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "saved searches"
        constraints = [
            models.UniqueConstraint(
                "user", models.functions.Lower("name"), name="saved_search_name_once_per_user"
            ),
            models.CheckConstraint(
                condition=Q(alerts_enabled=False) | Q(next_digest_at__isnull=False),
                name="saved_search_alerts_have_next_digest",
            ),
        ]
        indexes = [
            # The beat task's "due" scan: only rows with alerts on are indexed.
            models.Index(
                fields=["next_digest_at"],
                condition=Q(next_digest_at__isnull=False),
                name="saved_search_due",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def interval(self):
        return timedelta(weeks=1) if self.frequency == self.Frequency.WEEKLY else timedelta(days=1)

    def get_search_url(self):
        """The search page this was saved from, with the saved filters."""
        base = self.role.get_absolute_url() if self.role_id else reverse("listings:job_list")
        return f"{base}?{self.query}" if self.query else base
