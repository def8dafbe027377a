"""A worker SIGKILLed in the middle of sending an email (the mail server has the whole
message and hasn't answered yet): the row stays 'sending' while its worker could still
be alive, then the sweep hands it to another worker, which sends it once.

Real worker processes on the test database (PostgreSQL only), the test's own Redis,
and an SMTP stub that never answers the first message. The stale window is shrunk
from production's 45 + 30 s to the worker's 4 s time limit + 1 s."""

from datetime import timedelta

import pytest
from django.db import connection, transaction

from accounts import services
from accounts.models import EmailOutbox
from tests.faults.redis_server import wait_for
from tests.faults.smtp_stub import SMTPStub
from tests.faults.worker_process import WorkerProcess

pytestmark = pytest.mark.django_db(transaction=True)

SEND_TIME_LIMIT = 4  # the workers' EMAIL_SEND_TIME_LIMIT (soft limit: 3 s)
STALE = SEND_TIME_LIMIT + 1  # the sweep's EMAIL_OUTBOX_SENDING_STALE


@pytest.fixture(autouse=True)
def _postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL): a worker process must share the test database")


@pytest.fixture
def smtp():
    with SMTPStub(stall=1) as stub:
        yield stub


@pytest.fixture
def workers(site_on_own_redis, smtp, tmp_path):
    """Starts worker processes on the test's Redis and SMTP stub; stops them all after."""
    started = []

    def start():
        worker = WorkerProcess(
            tmp_path / "workers.log",
            REDIS_URL=site_on_own_redis.url(0),
            EMAIL_URL=f"smtp://127.0.0.1:{smtp.port}",
            EMAIL_SEND_TIME_LIMIT=str(SEND_TIME_LIMIT),
        )
        started.append(worker)
        return worker.start()

    yield start
    for worker in started:
        worker.stop()


def status_of(outbox):
    return EmailOutbox.objects.values_list("status", flat=True).get(pk=outbox.pk)


def test_a_worker_killed_mid_send_leaves_its_email_to_another_worker_that_sends_it_once(
    workers, smtp, settings, monkeypatch
):
    settings.EMAIL_OUTBOX_SENDING_STALE = STALE
    # Production's stale window (75 s) is longer than the pending grace (60 s), so a
    # recovered row is due at once; keep that true with the shrunk window.
    monkeypatch.setattr(services, "SWEEP_PENDING_GRACE", timedelta(0))
    first = workers()
    with transaction.atomic():
        outbox = services.email_outbox_add(
            key="fault:killed-mid-send", to="dev@example.com", subject="Your receipt", body_text="Body"
        )

    # The worker claimed the row and sent the whole message; the server doesn't answer.
    assert smtp.wait_for(lambda: smtp.stalled, timeout=20), first.output()
    claimed = EmailOutbox.objects.get(pk=outbox.pk)
    assert claimed.status == EmailOutbox.Status.SENDING
    first.kill()

    # A slow worker looks like a dead one until its time limit is over: the sweep
    # leaves the row alone, or two workers could be sending it.
    assert services.email_outbox_sweep() == 0
    assert status_of(outbox) == EmailOutbox.Status.SENDING

    workers()

    def beat_sweeps_until_sent():  # beat runs the sweep every 30 s; here every 0.25 s
        services.email_outbox_sweep()
        return status_of(outbox) == EmailOutbox.Status.SENT

    assert wait_for(beat_sweeps_until_sent, timeout=STALE + 20, every=0.25)
    outbox.refresh_from_db()
    # Sent again once the stale window after the claim was over, not before.
    assert STALE <= (outbox.sent_at - claimed.updated_at).total_seconds() < STALE + 10
    assert [m["To"] for m in smtp.delivered] == ["dev@example.com"]  # accepted once
    # Both attempts carried the same Message-ID, so even a server that had kept the
    # unanswered one would show the two as one message.
    assert smtp.stalled[0]["Message-ID"] == smtp.delivered[0]["Message-ID"]
    assert smtp.delivered[0]["Message-ID"] == services.email_message_id(outbox.key)
    assert outbox.attempts == 2
