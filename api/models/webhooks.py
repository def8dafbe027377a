"""Webhooks: a company's endpoints, the events they asked for, and each delivery of an
event to an endpoint (an outbox, as accounts.EmailOutbox: written in the transaction
of the event, sent by a task after the commit)."""

import uuid

from django.conf import settings
from django.db import models


class WebhookEventType(models.TextChoices):
    APPLICATION_CREATED = "application.created", "A candidate applied"
    APPLICATION_WITHDRAWN = "application.withdrawn", "A candidate withdrew"
    JOB_PUBLISHED = "job.published", "A job went live"
    JOB_REJECTED = "job.rejected", "A job was rejected by moderation"
    JOB_EXPIRED = "job.expired", "A job passed its closing date"
    JOB_CLOSED = "job.closed", "A job was closed"


class WebhookEndpointQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class WebhookEndpoint(models.Model):
    company = models.ForeignKey(
        "listings.Company", on_delete=models.CASCADE, related_name="webhook_endpoints"
    )
    url = models.URLField("URL", max_length=500)
    events = models.JSONField(default=list)
    secret = models.CharField(max_length=100, editable=False)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WebhookEndpointQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.url

    def event_labels(self):
        return [WebhookEventType(name).label for name in self.events if name in WebhookEventType.values]


class WebhookEvent(models.Model):
    """Something that happened, once: its `event_id` is what receivers deduplicate on."""

    event_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    company = models.ForeignKey("listings.Company", on_delete=models.CASCADE, related_name="+")
    type = models.CharField(max_length=40, choices=WebhookEventType)
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.type} {self.event_id}"


class WebhookDeliveryQuerySet(models.QuerySet):
    def due_before(self, moment):
        """Pending rows whose (next) attempt was due before `moment`: their enqueue was lost."""
        return self.filter(status=WebhookDelivery.Status.PENDING, next_attempt_at__lt=moment)

    def sending_since_before(self, moment):
        return self.filter(status=WebhookDelivery.Status.SENDING, updated_at__lt=moment)


class WebhookDelivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(WebhookEvent, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=16, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField()
    delivered_at = models.DateTimeField(null=True, blank=True)

    objects = WebhookDeliveryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "webhook deliveries"
        constraints = [
            # One delivery per event and endpoint, whatever retries or resends happen.
            models.UniqueConstraint(fields=["endpoint", "event"], name="webhook_delivery_once_per_endpoint"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due")]

    def __str__(self):
        return f"{self.event} → {self.endpoint}"


class WebhookAttempt(models.Model):
    """One try at a delivery, for the delivery log."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.status_code or self.error} ({self.duration_ms} ms)"
