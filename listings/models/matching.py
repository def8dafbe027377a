"""Stored matches between jobs and seekers (computed by listings.services.matching)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .jobs import Job


class JobMatchQuerySet(models.QuerySet):
    def for_seeker_recommendations(self, user):
        """The seeker's matches among open jobs, best first, ready for the job cards."""
        return (
            self.filter(seeker=user, job__in=Job.objects.open())
            .select_related("job__company")
            .order_by("-score", "-job__published_at", "pk")
        )

    def suggested_candidates_for(self, job):
        """Opted-in seekers matching the job, best first; nobody else is ever listed."""
        return (
            self.filter(job=job, seeker__profile__open_to_matching=True, seeker__is_active=True)
            .select_related("seeker__profile")
            .order_by("-score", "pk")
        )


class JobMatch(models.Model):
    """How well an opted-in seeker fits an open job, 0 to 100, with the reasons in words.

    Rows are scored by listings.matching and written by Celery tasks through
    listings.services.matching, upserted on (job, seeker), so a re-run leaves one row
    per pair; pairs below the threshold are not stored.
    """

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="matches")
    seeker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="job_matches")
    score = models.PositiveSmallIntegerField()
    # [{"factor": "required_skills", "ok": true, "text": "You know 5 of the 6 required skills: …",
    #   "employer_text": "Knows 5 of the 6 required skills: …"}, …]: words for the seeker, and
    # for the employer about the candidate (listings.matching.scoring._reason).
    reasons = models.JSONField(default=list)
    computed_at = models.DateTimeField()

    objects = JobMatchQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "job matches"
        constraints = [
            models.UniqueConstraint(fields=["job", "seeker"], name="job_match_once"),
            models.CheckConstraint(condition=Q(score__lte=100), name="job_match_score_at_most_100"),
        ]
        indexes = [
            models.Index(fields=["seeker", "-score"], name="job_match_seeker_score"),
            models.Index(fields=["job", "-score"], name="job_match_job_score"),
        ]

    def __str__(self):
        return f"{self.seeker} ~ {self.job}: {self.score}"
