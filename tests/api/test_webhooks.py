"""Webhooks: events recorded with the transitions that cause them, signed deliveries
checked by a receiver on loopback, retries after a 500, the SSRF guard, the delivery
log and "resend"."""

import json
import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from api import webhook_http
from api.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent
from api.services import webhooks as services
from applications.services import application_submit, application_withdraw
from listings.services.expiry import jobs_expire_due
from listings.services.jobs import job_close
from listings.services.moderation import job_approve, job_reject
from tests.api.webhook_receiver import WebhookReceiver
from tests.factories import (
    ApplicationFactory,
    JobFactory,
    SeekerProfileFactory,
    UserFactory,
    employer_of,
)

pytestmark = pytest.mark.django_db

ALL_EVENTS = [
    "application.created",
    "application.withdrawn",
    "job.published",
    "job.rejected",
    "job.expired",
    "job.closed",
]


@pytest.fixture(autouse=True)
def _loopback_allowed(settings):
    settings.WEBHOOK_ALLOW_LOOPBACK = True


@pytest.fixture
def receiver():
    with WebhookReceiver() as server:
        yield server


@pytest.fixture
def endpoint(company, member, receiver):
    return services.webhook_endpoint_create(company=company, by=member, url=receiver.url, events=ALL_EVENTS)


def later_sweeps(times=10):
    """Beat's sweep, run as if each time an hour later: sends what a retry would have."""
    for hours in range(1, times + 1):
        services.webhook_deliveries_sweep(now=timezone.now() + timedelta(hours=hours))


def received(receiver):
    return [(json.loads(body)["type"], headers) for _, headers, body in receiver.requests]


def test_each_event_reaches_the_endpoint_signed_and_verifiable(
    company, member, endpoint, receiver, staff, on_commit
):
    job = JobFactory(pending=True, company=company)
    rejected = JobFactory(pending=True, company=company)
    seeker = UserFactory(seeker=True)
    SeekerProfileFactory(user=seeker, with_resume=True)
    with on_commit():
        job_approve(job=job, by=staff)
    with on_commit():
        job_reject(job=rejected, by=staff, reason="not_python")
    with on_commit():
        application = application_submit(job=job, seeker=seeker, cover_letter="Hi")
    with on_commit():
        application_withdraw(application=application, by=seeker)
    with on_commit():
        job_close(job=job, by=member, reason="filled")
    expiring = JobFactory(
        published=True, company=company, closing_date=timezone.localdate() - timedelta(days=1)
    )
    with on_commit():
        jobs_expire_due()

    types = [event_type for event_type, _ in received(receiver)]
    assert types == [
        "job.published",
        "job.rejected",
        "application.created",
        "application.withdrawn",
        "job.closed",
        "job.expired",
    ]
    for path, headers, body in receiver.requests:
        assert path == "/hooks/"
        assert webhook_http.verify(endpoint.secret, headers, body)
        assert not webhook_http.verify("whsec_wrong", headers, body)
        payload = json.loads(body)
        assert payload["id"] == headers["Webhook-Id"]
    expired_payload = json.loads(receiver.requests[-1][2])
    assert expired_payload["data"]["job"]["id"] == expiring.pk
    assert WebhookDelivery.objects.filter(status="delivered").count() == 6


def test_a_replayed_or_altered_request_fails_verification():
    body = b'{"id":"1"}'
    now = int(time.time())
    headers = {"Webhook-Timestamp": str(now), "Webhook-Signature": webhook_http.sign("s", now, body)}

    assert webhook_http.verify("s", headers, body)
    assert not webhook_http.verify("s", headers, b'{"id":"2"}')
    assert not webhook_http.verify("s", headers, body, now=now + 301)  # replayed later
    old = now - 3600
    stale = {"Webhook-Timestamp": str(old), "Webhook-Signature": webhook_http.sign("s", old, body)}
    assert not webhook_http.verify("s", stale, body)


def test_only_subscribed_endpoints_of_the_company_get_an_event(
    company, member, receiver, other_company, on_commit
):
    services.webhook_endpoint_create(company=company, by=member, url=receiver.url, events=["job.closed"])
    services.webhook_endpoint_create(
        company=other_company, by=employer_of(other_company), url=receiver.url, events=ALL_EVENTS
    )
    job = JobFactory(published=True, company=company)

    with on_commit():
        ApplicationFactory(job=job)  # not through the service: no event
        job_close(job=job, by=member, reason="filled")

    assert [event_type for event_type, _ in received(receiver)] == ["job.closed"]
    assert WebhookEvent.objects.count() == 1


def test_no_endpoints_no_rows(company, member, on_commit):
    job = JobFactory(published=True, company=company)

    with on_commit():
        job_close(job=job, by=member, reason="filled")

    assert not WebhookEvent.objects.exists()


def test_a_500_is_retried_with_the_same_event_id_until_delivered(
    company, member, endpoint, receiver, on_commit
):
    receiver.answers = [500, 503]
    job = JobFactory(published=True, company=company)

    with on_commit():
        job_close(job=job, by=member, reason="filled")
    first = WebhookDelivery.objects.get()
    assert (first.status, first.attempts, first.last_status_code) == ("pending", 1, 500)
    assert first.next_attempt_at - first.updated_at == timedelta(seconds=30)
    later_sweeps()

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 3, 200)
    assert [attempt.status_code for attempt in delivery.attempt_log.order_by("pk")] == [500, 503, 200]
    assert len({headers["Webhook-Id"] for _, headers in received(receiver)}) == 1


def test_a_receiver_that_keeps_failing_is_given_up_on(
    company, member, endpoint, receiver, settings, on_commit
):
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    receiver.answers = [500] * 5
    job = JobFactory(published=True, company=company)

    with on_commit():
        job_close(job=job, by=member, reason="filled")
    later_sweeps()

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("failed", 3, "HTTP 500")
    assert len(receiver.requests) == 3


def test_backoff_doubles_up_to_an_hour():
    assert [services.backoff_seconds(n) for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert services.backoff_seconds(20) == 3600


def test_a_delivery_is_claimed_once(company, member, endpoint, receiver):
    job = JobFactory(published=True, company=company)
    [delivery] = services.webhook_job_event(job, "job.closed")  # outside on_commit: not sent yet

    assert services.webhook_deliver(delivery_id=delivery.pk) is None
    assert services.webhook_deliver(delivery_id=delivery.pk) is None  # a duplicate task: nothing
    assert len(receiver.requests) == 1


@pytest.mark.parametrize(
    "host_address",
    ["10.0.0.5", "192.168.1.1", "169.254.169.254", "172.16.0.1", "::1", "fe80::1", "0.0.0.0"],  # noqa: S104
)
def test_private_link_local_and_loopback_addresses_are_refused_at_send_time(
    company, member, settings, monkeypatch, host_address
):
    settings.WEBHOOK_ALLOW_LOOPBACK = False
    endpoint = services.webhook_endpoint_create(
        company=company, by=member, url="https://hooks.example.com/x", events=["job.closed"]
    )
    # The name resolved to a public address when it was added, and to this one now.
    monkeypatch.setattr(
        webhook_http.socket, "getaddrinfo", lambda *a, **k: [(None, None, None, "", (host_address, 443))]
    )
    [delivery] = services.webhook_job_event(JobFactory(published=True, company=company), "job.closed")

    services.webhook_deliver(delivery_id=delivery.pk)

    attempt = WebhookAttempt.objects.get(delivery=delivery)
    assert attempt.status_code is None
    assert attempt.error.startswith("Refused:")
    assert endpoint.deliveries.get().status == "pending"  # retried later: DNS may change back


def test_loopback_needs_the_setting(company, member, settings, receiver):
    settings.WEBHOOK_ALLOW_LOOPBACK = False
    with pytest.raises(Exception, match="private, loopback"):
        services.webhook_endpoint_create(company=company, by=member, url=receiver.url, events=["job.closed"])

    result = webhook_http.post(receiver.url, b"{}", {})

    assert result.status_code is None
    assert "Refused" in result.error
    assert receiver.requests == []


def test_a_slow_receiver_is_cut_off_by_the_read_timeout(settings):
    settings.WEBHOOK_READ_TIMEOUT = 0.5
    with WebhookReceiver(answers=["stall"]) as slow:
        started = time.monotonic()
        result = webhook_http.post(slow.url, b"{}", {})

    assert time.monotonic() - started < 3
    assert result.status_code is None
    assert "Timeout" in result.error or "timed out" in result.error


# --- Employer pages -------------------------------------------------------------------


def test_a_member_adds_an_endpoint_and_sees_its_secret(member_client, receiver):
    response = member_client.post(
        reverse("employer_api:webhooks"),
        {"url": receiver.url, "events": ["job.closed", "job.published"]},
        follow=True,
    )

    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.events == ["job.published", "job.closed"]
    assert endpoint.secret.encode() in response.content


def test_a_private_url_is_refused_with_a_message(member_client, settings):
    settings.WEBHOOK_ALLOW_LOOPBACK = False
    response = member_client.post(
        reverse("employer_api:webhooks"), {"url": "http://10.1.2.3/hook", "events": ["job.closed"]}
    )

    assert b"private, loopback or link-local" in response.content
    assert not WebhookEndpoint.objects.exists()


def test_the_log_shows_status_codes_and_resend_sends_the_same_event_again(
    member_client, company, member, endpoint, receiver, on_commit
):
    receiver.answers = [500]
    job = JobFactory(published=True, company=company)
    with on_commit():
        job_close(job=job, by=member, reason="filled")
    later_sweeps()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "delivered"

    page = member_client.get(reverse("employer_api:webhook_detail", args=[endpoint.pk]))
    assert b"HTTP 500" in page.content
    assert b"HTTP 200" in page.content
    with on_commit():
        member_client.post(reverse("employer_api:delivery_resend", args=[delivery.pk]))

    ids = [headers["Webhook-Id"] for _, headers in received(receiver)]
    assert len(ids) == 3  # the 500, its retry, the resend
    assert len(set(ids)) == 1
    assert WebhookDelivery.objects.count() == 1


def test_another_companys_member_gets_404_and_changes_nothing(
    client, other_company, endpoint, company, member
):
    """webhook_detail, webhook_delete and delivery_resend of another company."""
    [delivery] = services.webhook_job_event(JobFactory(published=True, company=company), "job.closed")
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status="failed")
    client.force_login(employer_of(other_company))

    assert client.get(reverse("employer_api:webhook_detail", args=[endpoint.pk])).status_code == 404
    assert client.post(reverse("employer_api:webhook_delete", args=[endpoint.pk])).status_code == 404
    assert client.post(reverse("employer_api:delivery_resend", args=[delivery.pk])).status_code == 404
    assert WebhookEndpoint.objects.filter(pk=endpoint.pk).exists()
    assert WebhookDelivery.objects.get(pk=delivery.pk).status == "failed"


def test_deleting_an_endpoint_stops_its_deliveries(member_client, endpoint, company):
    member_client.post(reverse("employer_api:webhook_delete", args=[endpoint.pk]))

    assert not WebhookEndpoint.objects.exists()


def test_a_lost_enqueue_is_sent_by_the_beat_sweep_after_its_grace(company, endpoint, receiver, settings):
    assert settings.CELERY_BEAT_SCHEDULE["webhook-deliveries-sweep"]["schedule"] == 30.0
    job = JobFactory(published=True, company=company)
    [delivery] = services.webhook_job_event(job, "job.closed")  # no commit: as if the broker were down

    assert services.webhook_deliveries_sweep() == 0  # may still be on its way to the broker
    assert services.webhook_deliveries_sweep(now=timezone.now() + timedelta(minutes=2)) == 1

    delivery.refresh_from_db()
    assert delivery.status == "delivered"
    assert len(receiver.requests) == 1
