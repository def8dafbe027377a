"""API keys: how an employer's own programs (an applicant-tracking system) act for the
company. The key itself is shown once; the database keeps its SHA-256 (a key is 32
random bytes, so a fast hash is enough: nothing to brute-force) and a short public
prefix to find the row by."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ApiKeyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def for_company(self, company):
        return self.filter(company=company)


class ApiKey(models.Model):
    class Scope(models.TextChoices):
        JOBS_WRITE = "jobs:write", "Create, edit, submit and close jobs"
        APPLICATIONS_READ = "applications:read", "Read applications (cover letters, resumes)"
        APPLICATIONS_WRITE = "applications:write", "Move applications through the pipeline"

    company = models.ForeignKey("listings.Company", on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(max_length=100, help_text="What uses it, e.g. “Greenhouse sync”.")
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    scopes = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        verbose_name = "API key"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self):
        return self.revoked_at is None

    def has_scope(self, scope):
        return scope in self.scopes

    def scope_labels(self):
        return [self.Scope(scope).label for scope in self.scopes if scope in self.Scope.values]


class ApiKeyUseQuerySet(models.QuerySet):
    def newest_first(self):
        return self.order_by("-created_at", "-pk")


class ApiKeyUse(models.Model):
    """One write made with a key (POST, PATCH), refused or not: which key changed what, and
    how it ended. Written in the change's own transaction, so a use and its change are
    never apart; reads only move `ApiKey.last_used_at` (a row per read would make every
    read a write)."""

    class ObjectType(models.TextChoices):
        JOB = "job", "Job"
        APPLICATION = "application", "Application"

    api_key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="uses")
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=255)
    object_type = models.CharField(max_length=16, choices=ObjectType.choices, blank=True)
    # The object the request named or created (None: a refused create, or an impossible id).
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    status_code = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    objects = ApiKeyUseQuerySet.as_manager()

    class Meta:
        verbose_name = "API key use"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["api_key", "-created_at", "-id"], name="api_key_use_recent")]

    def __str__(self):
        return f"{self.method} {self.path} → {self.status_code}"

    @property
    def succeeded(self):
        return self.status_code < 400
