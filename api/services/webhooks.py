"""Webhooks: endpoints, events recorded in the transaction that causes them, deliveries
sent after the commit with retries and backoff, the sweep, resends.

A delivery is claimed before it is sent (pending → sending, a compare-and-set), so two
runs of the task send once; a worker that dies mid-send leaves the row "sending", and
the sweep makes it pending again only after WEBHOOK_SENDING_STALE, past the task's
hard time limit, when no send of it can still be running (as the email outbox).
"""

import json
import logging
import secrets
import time
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from api import webhook_http
from api.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent, WebhookEventType
from listings.models import Membership

logger = logging.getLogger(__name__)

SWEEP_PENDING_GRACE = timedelta(minutes=1)
SWEEP_BATCH = 500
BACKOFF_MAX_SECONDS = 3600


def _enqueue(delivery_id, countdown=None):
    """The task's result, or None when the broker is unreachable (the sweep retries)."""
    from api.tasks import webhook_deliver_task

    if countdown:
        return webhook_deliver_task.apply_async((delivery_id,), countdown=countdown)
    return webhook_deliver_task.delay(delivery_id)


def backoff_seconds(attempts):
    """How long to wait after the `attempts`-th failed try: 30 s, 1, 2, 4 … minutes, at most an hour
    (WEBHOOK_BACKOFF_SECONDS is the first wait)."""
    return min(settings.WEBHOOK_BACKOFF_SECONDS * 2 ** max(attempts - 1, 0), BACKOFF_MAX_SECONDS)


# --- Endpoints ---------------------------------------------------------------------


def _require_member(company, user):
    if not Membership.objects.filter(company=company, user=user).exists():
        raise PermissionDenied("Only members of the company can manage its webhooks.")


@transaction.atomic
def webhook_endpoint_create(*, company, by, url, events):
    _require_member(company, by)
    try:
        webhook_http.check_literal_host(url)
    except webhook_http.RefusedAddress as error:
        raise ValidationError(str(error)) from None
    events = [name for name in WebhookEventType.values if name in set(events)]
    if not events:
        raise ValidationError("Pick at least one event.")
    return WebhookEndpoint.objects.create(
        company=company, url=url, events=events, secret=f"whsec_{secrets.token_urlsafe(32)}", created_by=by
    )


@transaction.atomic
def webhook_endpoint_delete(*, endpoint, by):
    """Stop sending to it; its log stays until the endpoint row is gone with it."""
    _require_member(endpoint.company, by)
    WebhookDelivery.objects.filter(endpoint=endpoint, status=WebhookDelivery.Status.PENDING).update(
        status=WebhookDelivery.Status.FAILED, last_error="Endpoint deleted", updated_at=timezone.now()
    )
    endpoint.delete()


# --- Events ------------------------------------------------------------------------


def webhook_events_record(event_type, items):
    """Record `event_type` for each (company_id, data) in `items`, with one delivery per
    subscribed endpoint, sent after the commit. Call inside the event's transaction.
    A company without endpoints costs one query and gets no rows."""
    items = list(items)
    if not items:
        return []
    endpoints = {}
    for endpoint in WebhookEndpoint.objects.active().filter(company_id__in={c for c, _ in items}):
        if event_type in endpoint.events:
            endpoints.setdefault(endpoint.company_id, []).append(endpoint)
    now = timezone.now()
    deliveries = []
    for company_id, data in items:
        if company_id not in endpoints:
            continue
        event = WebhookEvent.objects.create(company_id=company_id, type=event_type, data=data)
        deliveries += WebhookDelivery.objects.bulk_create(
            [
                WebhookDelivery(endpoint=endpoint, event=event, next_attempt_at=now, updated_at=now)
                for endpoint in endpoints[company_id]
            ]
        )
    for delivery in deliveries:
        # robust: a broker outage must not fail the event; the sweep sends it.
        transaction.on_commit(partial(_enqueue, delivery.pk), robust=True)
    return deliveries


def _job_data(job):
    from jobportal.links import absolute_url

    return {
        "job": {
            "id": job.pk,
            "title": job.title,
            "status": job.status,
            "url": absolute_url(job.get_absolute_url()),
        }
    }


def webhook_job_event(job, event_type):
    return webhook_events_record(event_type, [(job.company_id, _job_data(job))])


def webhook_jobs_expired(jobs):
    return webhook_events_record(
        WebhookEventType.JOB_EXPIRED, [(job.company_id, _job_data(job)) for job in jobs]
    )


def webhook_application_event(application, event_type):
    job = application.job
    data = {
        **_job_data(job),
        "application": {"id": application.pk, "status": application.status},
    }
    return webhook_events_record(event_type, [(job.company_id, data)])


# --- Delivering --------------------------------------------------------------------


def webhook_body(event):
    payload = {"id": str(event.event_id), "type": event.type, "created": event.created_at, "data": event.data}
    return json.dumps(payload, cls=DjangoJSONEncoder, separators=(",", ":")).encode()


def webhook_deliver(*, delivery_id):
    """Try one delivery. Returns the seconds until the next try, or None when there is
    nothing more to do (delivered, given up, or someone else has it)."""
    now = timezone.now()
    claimed = WebhookDelivery.objects.filter(pk=delivery_id, status=WebhookDelivery.Status.PENDING).update(
        status=WebhookDelivery.Status.SENDING, attempts=F("attempts") + 1, updated_at=now
    )
    if not claimed:
        return None
    delivery = WebhookDelivery.objects.select_related("endpoint", "event").get(pk=delivery_id)
    body = webhook_body(delivery.event)
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": f"{settings.SITE_NAME} webhooks",
        "Webhook-Id": str(delivery.event.event_id),
        "Webhook-Timestamp": str(timestamp),
        "Webhook-Signature": webhook_http.sign(delivery.endpoint.secret, timestamp, body),
    }
    result = webhook_http.post(delivery.endpoint.url, body, headers)
    WebhookAttempt.objects.create(
        delivery=delivery, status_code=result.status_code, error=result.error, duration_ms=result.duration_ms
    )
    finished = timezone.now()
    if result.ok:
        WebhookDelivery.objects.filter(pk=delivery_id).update(
            status=WebhookDelivery.Status.DELIVERED,
            last_status_code=result.status_code,
            last_error="",
            delivered_at=finished,
            updated_at=finished,
        )
        return None
    gave_up = delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS
    wait = backoff_seconds(delivery.attempts)
    WebhookDelivery.objects.filter(pk=delivery_id, status=WebhookDelivery.Status.SENDING).update(
        status=WebhookDelivery.Status.FAILED if gave_up else WebhookDelivery.Status.PENDING,
        last_status_code=result.status_code,
        last_error=result.error or f"HTTP {result.status_code}",
        next_attempt_at=finished + timedelta(seconds=wait),
        updated_at=finished,
    )
    return None if gave_up else wait


def webhook_deliveries_sweep(*, now=None):
    """Re-enqueue deliveries nobody is sending: rows a dead worker left 'sending', and
    pending rows whose attempt is overdue (a lost enqueue or retry). Returns how many."""
    now = now or timezone.now()
    stale = timedelta(seconds=settings.WEBHOOK_SENDING_STALE)
    # Recovered rows are due at once (their attempt was due when the worker claimed them).
    recovered = WebhookDelivery.objects.sending_since_before(now - stale).update(
        status=WebhookDelivery.Status.PENDING,
        next_attempt_at=now - SWEEP_PENDING_GRACE - timedelta(seconds=1),
    )
    if recovered:
        logger.warning("Webhook sweep recovered %d delivery(ies) left 'sending' by a dead worker", recovered)
    due_ids = list(
        WebhookDelivery.objects.due_before(now - SWEEP_PENDING_GRACE)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    return sum(_enqueue(delivery_id) is not None for delivery_id in due_ids)


@transaction.atomic
def webhook_delivery_resend(*, delivery, by):
    """Send a delivery again (the same event id: receivers deduplicate). False while it is
    being sent or already waiting to be."""
    _require_member(delivery.endpoint.company, by)
    now = timezone.now()
    updated = WebhookDelivery.objects.filter(
        pk=delivery.pk, status__in=[WebhookDelivery.Status.DELIVERED, WebhookDelivery.Status.FAILED]
    ).update(status=WebhookDelivery.Status.PENDING, attempts=0, next_attempt_at=now, updated_at=now)
    if updated:
        transaction.on_commit(partial(_enqueue, delivery.pk), robust=True)
    return bool(updated)
