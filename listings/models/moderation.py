"""What moderation reads and records: each job's history (every transition, each
moderation decision among them), the reasons for a rejection, pre-screening signals."""

from django.conf import settings
from django.db import models

from .jobs import Job


class RejectionReason(models.TextChoices):
    """The common reasons moderators turn a job down (the employer is told which)."""

    NOT_PYTHON = "not_python", "Not a Python backend role"
    MISSING_SALARY = "missing_salary", "Salary missing or implausible"
    DUPLICATE = "duplicate", "Duplicate of another posting"
    FORMATTING = "formatting", "Formatting or content problems"
    AGENCY_WITHOUT_CLIENT = "agency_no_client", "Agency posting without the client described"
    OTHER = "other", "Other"


class ScreeningSignal(models.TextChoices):
    """What pre-screening noticed about a submitted job, to help a moderator decide."""

    NOT_PYTHON = "not_python", "Not about Python/backend"
    SALARY = "salary", "Salary implausible"
    LOCATION = "location", "Location missing"
    NEW_COMPANY = "new_company", "New company"
    UNVERIFIED_COMPANY = "unverified_company", "Company not verified"
    UNVERIFIED_EMAIL = "unverified_email", "Poster's email unverified"
    FREE_MAIL = "free_mail", "Free-mail domain"
    LINK_HEAVY = "link_heavy", "Link-heavy text"
    NEAR_DUPLICATE = "near_duplicate", "Near-duplicate"


class ScreeningFlag(models.Model):
    """One pre-screening signal raised on a job, with what triggered it."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="screening_flags")
    signal = models.CharField(max_length=24, choices=ScreeningSignal)
    detail = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "signal"], name="screening_flag_once")]
        indexes = [models.Index(fields=["signal", "job"], name="screening_flag_signal")]
        ordering = ["signal"]

    def __str__(self):
        return self.get_signal_display()


class JobEvent(models.Model):
    """Every state change of a job: who, when, from, to, and why."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    from_status = models.CharField(max_length=16, choices=Job.Status, blank=True)
    to_status = models.CharField(max_length=16, choices=Job.Status)
    reason = models.CharField(max_length=20, choices=RejectionReason, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.job}: {self.from_status or '—'} → {self.to_status}"
