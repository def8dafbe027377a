"""Webhooks through real worker processes: a 500 is retried by Celery after its backoff,
and a worker SIGKILLed while the receiver holds the request leaves the delivery to
another worker, which sends it once more with the same event id: one delivery row,
one event for a receiver that deduplicates on Webhook-Id.

PostgreSQL only (a worker process shares the test database), the test's own Redis, and
a receiver on loopback. The stale window is shrunk from production's 15 + 30 s to the
workers' 4 s time limit + 1 s."""

import json

import pytest
from django.db import connection, transaction

from api.models import WebhookDelivery
from api.services import webhooks as services
from tests.api.webhook_receiver import WebhookReceiver
from tests.factories import CompanyFactory, JobFactory, employer_of
from tests.faults.redis_server import wait_for
from tests.faults.worker_process import WorkerProcess

pytestmark = pytest.mark.django_db(transaction=True)

SEND_TIME_LIMIT = 4
STALE = SEND_TIME_LIMIT + 1


@pytest.fixture(autouse=True)
def _postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL): a worker process must share the test database")


@pytest.fixture
def workers(site_on_own_redis, tmp_path):
    started = []

    def start():
        worker = WorkerProcess(
            tmp_path / "workers.log",
            REDIS_URL=site_on_own_redis.url(0),
            WEBHOOK_ALLOW_LOOPBACK="True",
            WEBHOOK_SEND_TIME_LIMIT=str(SEND_TIME_LIMIT),
            WEBHOOK_BACKOFF_SECONDS="1",
        )
        started.append(worker)
        return worker.start()

    yield start
    for worker in started:
        worker.stop()


@pytest.fixture
def closing_job(settings):
    settings.WEBHOOK_ALLOW_LOOPBACK = True
    import importlib

    from django.apps import apps

    importlib.import_module("listings.migrations.0003_skill_taxonomy").load_skills(apps, None)
    company = CompanyFactory()
    return company, employer_of(company), JobFactory(published=True, company=company)


def record_event(company, member, job, url):
    endpoint = services.webhook_endpoint_create(company=company, by=member, url=url, events=["job.closed"])
    with transaction.atomic():
        [delivery] = services.webhook_job_event(job, "job.closed")
    return endpoint, delivery


def test_a_500_is_retried_by_the_worker_after_its_backoff(workers, closing_job):
    company, member, job = closing_job
    worker = workers()
    with WebhookReceiver(answers=[500]) as receiver:
        _, delivery = record_event(company, member, job, receiver.url)

        assert receiver.wait_for(lambda: len(receiver.requests) == 2), worker.output()

    delivery.refresh_from_db()
    assert wait_for(lambda: WebhookDelivery.objects.get(pk=delivery.pk).status == "delivered", timeout=10)
    delivery.refresh_from_db()
    assert delivery.attempts == 2
    assert len({headers["Webhook-Id"] for _, headers, _ in receiver.requests}) == 1


def test_a_worker_killed_mid_send_leaves_the_delivery_to_another_that_sends_it_once(
    workers, closing_job, settings
):
    settings.WEBHOOK_SENDING_STALE = STALE
    company, member, job = closing_job
    first = workers()
    with WebhookReceiver(answers=["stall"]) as receiver:
        _, delivery = record_event(company, member, job, receiver.url)

        # The worker claimed the delivery and sent it; the receiver holds the request.
        assert receiver.wait_for(lambda: receiver.stalled), first.output()
        assert WebhookDelivery.objects.get(pk=delivery.pk).status == "sending"
        first.kill()

        # Until the time limit is surely over, a slow worker looks like a dead one: hands off.
        assert services.webhook_deliveries_sweep() == 0
        workers()

        def beat_sweeps_until_delivered():
            services.webhook_deliveries_sweep()
            return WebhookDelivery.objects.get(pk=delivery.pk).status == "delivered"

        assert wait_for(beat_sweeps_until_delivered, timeout=STALE + 30, every=0.25)

    assert WebhookDelivery.objects.count() == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 2
    [(_, stalled_headers, stalled_body)] = receiver.stalled
    [(_, headers, body)] = receiver.requests
    # The same event, by id: a receiver that deduplicates handles it once.
    assert headers["Webhook-Id"] == stalled_headers["Webhook-Id"] == json.loads(body)["id"]
    assert json.loads(body)["data"] == json.loads(stalled_body)["data"]
