import smtplib
from datetime import timedelta

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.models import EmailOutbox, User
from accounts.tasks import email_outbox_sweep_task, email_send_task
from jobportal.celery import app as celery_app

pytestmark = pytest.mark.django_db

LATER = timedelta(minutes=2)


def add_email(key="test:event:1", to="dev@example.com"):
    return services.email_outbox_add(
        key=key, to=to, subject="Hello", body_text="Plain body", body_html="<p>HTML body</p>"
    )


@pytest.fixture
def broker_unreachable():
    """Point Celery at a port where no broker listens, as when Redis is down."""
    conf = celery_app.conf
    saved = conf.task_always_eager, conf.broker_url

    def reset_connection_pools():
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    conf.task_always_eager = False
    conf.broker_url = "redis://127.0.0.1:9/0"
    reset_connection_pools()
    yield
    conf.task_always_eager, conf.broker_url = saved
    reset_connection_pools()


@pytest.fixture
def smtp_down(settings):
    """A mailer whose SMTP server refuses connections."""
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 1},
        }
    }


def test_one_row_per_event_key(on_commit):
    with on_commit():
        first = add_email()
        second = add_email()

    assert first.pk == second.pk
    assert EmailOutbox.objects.count() == 1
    assert len(mail.outbox) == 1


def test_email_is_sent_after_commit_with_text_and_html(on_commit):
    with on_commit() as callbacks:
        outbox = add_email()
        assert len(mail.outbox) == 0  # nothing leaves before the commit
    assert len(callbacks) == 1

    outbox.refresh_from_db()
    assert outbox.status == EmailOutbox.Status.SENT
    assert outbox.sent_at is not None
    assert outbox.attempts == 1
    message = mail.outbox[0]
    assert message.subject == "Hello"
    assert message.body == "Plain body"
    assert message.alternatives[0].content == "<p>HTML body</p>"


def test_send_task_is_idempotent():
    outbox = add_email()

    assert email_send_task.delay(outbox.pk).get() is True
    assert email_send_task.delay(outbox.pk).get() is False
    assert services.email_send(outbox_id=outbox.pk) is False

    assert len(mail.outbox) == 1
    outbox.refresh_from_db()
    assert outbox.attempts == 1


def test_every_attempt_at_an_email_carries_the_same_message_id(smtp_down, settings):
    outbox = add_email(key="application-receipt:42")
    with pytest.raises(OSError):  # noqa: PT011 - any refusal from the socket layer
        services.email_send(outbox_id=outbox.pk)
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}

    assert services.email_send(outbox_id=outbox.pk) is True

    message_id = mail.outbox[0].message()["Message-ID"]
    assert message_id == services.email_message_id("application-receipt:42")
    assert message_id.startswith("<outbox.")
    assert message_id.endswith("@127.0.0.1>")  # the host of SITE_URL
    assert "receipt" not in message_id  # the key is hashed: no ids in headers
    assert services.email_message_id("application-receipt:43") != message_id


def test_an_email_whose_worker_died_is_sent_again_within_two_minutes_and_never_by_two_workers(settings):
    from celery.schedules import schedule

    sweep_every = settings.CELERY_BEAT_SCHEDULE["email-outbox-sweep"]["schedule"]
    sweep_every = sweep_every.run_every.total_seconds() if isinstance(sweep_every, schedule) else sweep_every
    stale = settings.EMAIL_OUTBOX_SENDING_STALE

    # No live sender after the stale window: the worker kills a send at its hard limit.
    assert email_send_task.time_limit == settings.EMAIL_SEND_TIME_LIMIT
    assert email_send_task.soft_time_limit < email_send_task.time_limit <= stale - 30
    # A recovered row is due at once (its updated_at is the claim), and the worst case
    # (stale window, then a whole sweep interval) stays under two minutes.
    assert stale >= services.SWEEP_PENDING_GRACE.total_seconds()
    assert stale + sweep_every < 120


def test_nothing_is_sent_when_the_transaction_rolls_back(on_commit):
    def failing_event():
        with transaction.atomic():
            add_email()
            raise RuntimeError("the event failed")

    with on_commit(), pytest.raises(RuntimeError):
        failing_event()

    assert EmailOutbox.objects.count() == 0
    assert len(mail.outbox) == 0


def test_signup_survives_broker_outage_and_the_sweep_sends_once(client, on_commit, broker_unreachable):
    with on_commit():
        response = client.post(
            reverse("account_signup"),
            {
                "email": "new@example.com",
                "full_name": "New Person",
                "role": "employer",
                "password1": "blue-Pelican-42-harbour",
                "password2": "blue-Pelican-42-harbour",
            },
        )

    # The user sees the normal page; the account and its email are both saved.
    assert response.status_code == 302
    assert User.objects.filter(email="new@example.com").exists()
    outbox = EmailOutbox.objects.get(to="new@example.com")
    assert outbox.status == EmailOutbox.Status.PENDING
    assert len(mail.outbox) == 0

    # While the broker is still down, the sweep enqueues nothing and keeps the row.
    assert services.email_outbox_sweep(now=timezone.now() + LATER) == 0
    outbox.refresh_from_db()
    assert outbox.status == EmailOutbox.Status.PENDING

    # The broker is back (eager here): the sweep sends it, a second sweep sends nothing.
    celery_app.conf.task_always_eager = True
    assert services.email_outbox_sweep(now=timezone.now() + LATER) == 1
    assert services.email_outbox_sweep(now=timezone.now() + LATER) == 0
    outbox.refresh_from_db()
    assert outbox.status == EmailOutbox.Status.SENT
    assert [m.to for m in mail.outbox] == [["new@example.com"]]
    assert "/accounts/confirm-email/" in mail.outbox[0].body


def test_sweep_leaves_fresh_pending_rows_to_their_own_task():
    add_email()

    assert services.email_outbox_sweep() == 0
    assert len(mail.outbox) == 0


def test_sweep_task_runs_the_sweep():
    outbox = add_email()
    EmailOutbox.objects.filter(pk=outbox.pk).update(updated_at=timezone.now() - LATER)

    email_outbox_sweep_task.delay()

    outbox.refresh_from_db()
    assert outbox.status == EmailOutbox.Status.SENT
    assert len(mail.outbox) == 1


def test_sweep_recovers_rows_stuck_in_sending(settings):
    outbox = add_email()
    # A worker claimed it and died before sending; its time limit (and a margin) is over.
    stale = timedelta(seconds=settings.EMAIL_OUTBOX_SENDING_STALE + 1)
    EmailOutbox.objects.filter(pk=outbox.pk).update(
        status=EmailOutbox.Status.SENDING, updated_at=timezone.now() - stale
    )

    assert services.email_outbox_sweep() == 1

    outbox.refresh_from_db()
    assert outbox.status == EmailOutbox.Status.SENT
    assert len(mail.outbox) == 1


def test_sweep_does_not_touch_rows_being_sent_right_now(settings):
    outbox = add_email()
    EmailOutbox.objects.filter(pk=outbox.pk).update(status=EmailOutbox.Status.SENDING)

    # Until the send's hard time limit (and a margin) is over, its worker may be alive.
    almost_stale = timedelta(seconds=settings.EMAIL_OUTBOX_SENDING_STALE - 5)
    assert services.email_outbox_sweep(now=timezone.now() + almost_stale) == 0
    assert len(mail.outbox) == 0


def test_smtp_failure_keeps_the_row_pending_and_retries(smtp_down):
    outbox = add_email()

    with pytest.raises((smtplib.SMTPException, OSError, Retry)):
        email_send_task.apply(args=[outbox.pk], throw=True)

    outbox.refresh_from_db()
    assert outbox.status == EmailOutbox.Status.PENDING
    assert outbox.attempts >= 1
    assert "Connection refused" in outbox.last_error or "Errno" in outbox.last_error


def test_email_is_marked_failed_after_max_attempts(smtp_down, settings):
    outbox = add_email()
    EmailOutbox.objects.filter(pk=outbox.pk).update(attempts=settings.EMAIL_OUTBOX_MAX_ATTEMPTS - 1)

    with pytest.raises(OSError):  # noqa: PT011 - any refusal from the socket layer
        services.email_send(outbox_id=outbox.pk)

    outbox.refresh_from_db()
    assert outbox.status == EmailOutbox.Status.FAILED
    # Staff can give it another round.
    assert services.email_outbox_retry(outbox=outbox) is True
    outbox.refresh_from_db()
    assert outbox.status == EmailOutbox.Status.PENDING
    assert outbox.attempts == 0
