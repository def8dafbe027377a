"""The site with its Redis stopped, then stalled (SIGSTOP): sign-in, password reset and
applying answer without a 5xx (and, stalled, within 1.5 s), and once Redis is back the
sweep and a real worker send each email exactly once.

Redis is a redis-server of the test's own (tests/faults/redis_server.py); the worker is
an in-process Celery worker consuming from it. PostgreSQL or SQLite alike."""

import importlib
import logging
import time
from contextlib import contextmanager
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.apps import apps
from django.core import mail
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import EmailOutbox
from accounts.services import email_outbox_add, email_outbox_sweep
from applications.models import Application
from jobportal.celery import app as celery_app
from tests.factories import TEST_PASSWORD, JobFactory, SeekerProfileFactory, UserFactory
from tests.faults.redis_server import wait_for

pytestmark = pytest.mark.django_db(transaction=True)

RETRY_AFTER = 1.0  # site_on_own_redis
# The sweep takes pending rows older than a minute; run it as it would run then.
A_MINUTE_LATER = timedelta(minutes=2)


@contextmanager
def worker():
    """A Celery worker (in a thread of this process) consuming from the test's Redis."""
    with start_worker(celery_app, pool="solo", perform_ping_check=False, queues=("celery",)):
        yield


def sweep_then_work(redis_server):
    """What beat and the workers do once Redis is back: the sweep re-enqueues what is
    pending, a worker consumes everything queued (duplicates included)."""
    time.sleep(RETRY_AFTER)  # this process tries Redis again
    enqueued = email_outbox_sweep(now=timezone.now() + A_MINUTE_LATER)
    with worker():
        assert wait_for(lambda: not EmailOutbox.objects.exclude(status=EmailOutbox.Status.SENT).exists())
        assert wait_for(redis_server.queue_is_empty)
    return enqueued


def warnings_from(caplog, what):
    return [
        r
        for r in caplog.records
        if r.name == "jobportal.breaker" and r.levelno == logging.WARNING and what in r.getMessage()
    ]


@pytest.fixture(autouse=True)
def _skills():
    # A transactional test before this one may have flushed the data migration's skills.
    importlib.import_module("listings.migrations.0003_skill_taxonomy").load_skills(apps, None)


@pytest.fixture
def seeker():
    user = UserFactory(seeker=True, email="seeker@example.com")
    SeekerProfileFactory(user=user, with_resume=True)
    return user


@pytest.fixture
def job():
    return JobFactory(published=True, title="Django Engineer")


def apply_url(job):
    return reverse("applications:apply", args=[job.pk])


def test_redis_stopped_sign_in_reset_and_apply_work_and_each_email_goes_once(
    client, site_on_own_redis, seeker, job, caplog
):
    redis_server = site_on_own_redis
    # Queued while Redis was up, not consumed yet when it stops: the AOF keeps it.
    with transaction.atomic():
        email_outbox_add(
            key="fault:queued-before-the-stop", to="early@example.com", subject="Hi", body_text="x"
        )
    assert redis_server.client().llen("celery") == 1

    redis_server.stop()

    responses = {
        "login page": client.get(reverse("account_login")),
        "failed login": client.post(
            reverse("account_login"), {"login": seeker.email, "password": "wrong-password-1"}
        ),
        "password reset": client.post(reverse("account_reset_password"), {"email": seeker.email}),
        "login": client.post(reverse("account_login"), {"login": seeker.email, "password": TEST_PASSWORD}),
        "job page": client.get(job.get_absolute_url()),
        "apply form": client.get(apply_url(job)),
        "apply": client.post(apply_url(job), {"cover_letter": "Hello", "resume_choice": "profile"}),
    }

    assert {name: r.status_code for name, r in responses.items()} == {
        "login page": 200,
        "failed login": 200,
        "password reset": 302,
        "login": 302,
        "job page": 200,
        "apply form": 200,
        "apply": 302,
    }
    application = Application.objects.get(job=job, seeker=seeker)
    assert EmailOutbox.objects.filter(status=EmailOutbox.Status.PENDING).count() == 3
    assert mail.outbox == []
    # One warning per outage for the cache and one for publishing, not one per request.
    assert len(warnings_from(caplog, "cache")) == 1
    assert len(warnings_from(caplog, "broker")) == 1

    redis_server.start()
    assert redis_server.client().llen("celery") == 1  # the early message survived the stop

    assert sweep_then_work(redis_server) == 3

    # Each email exactly once, though the early one was queued twice (before the stop
    # and by the sweep): the worker's claim makes the second message send nothing.
    assert sorted(m.to[0] for m in mail.outbox) == ["early@example.com", seeker.email, seeker.email]
    subjects = sorted(m.subject for m in mail.outbox if m.to == [seeker.email])
    assert any("Password Reset" in s or "password" in s.lower() for s in subjects), subjects
    assert any(job.title in s for s in subjects), subjects
    assert set(EmailOutbox.objects.values_list("attempts", flat=True)) == {1}
    assert Application.objects.get(pk=application.pk).status == Application.Status.SUBMITTED


def test_redis_stalled_the_site_answers_within_a_second_and_a_half_and_the_receipt_goes_once(
    client, site_on_own_redis, seeker, job, caplog
):
    redis_server = site_on_own_redis
    UserFactory(email="other@example.com")
    visitor = Client()
    client.force_login(seeker)
    client.get(apply_url(job))
    visitor.get(reverse("account_login"))

    redis_server.pause()

    timings, statuses = {}, {}

    def timed(name, request):
        started = time.monotonic()
        response = request()
        timings[name], statuses[name] = time.monotonic() - started, response.status_code
        return response

    timed("apply", lambda: client.post(apply_url(job), {"cover_letter": "Hi", "resume_choice": "profile"}))
    timed("job list", lambda: visitor.get(reverse("listings:job_list")))
    for attempt in range(1, 7):
        timed(
            f"failed login {attempt}",
            lambda: visitor.post(
                reverse("account_login"), {"login": "other@example.com", "password": "wrong-password-1"}
            ),
        )
    timed(
        "login",
        lambda: Client().post(reverse("account_login"), {"login": seeker.email, "password": TEST_PASSWORD}),
    )

    assert statuses == {
        "apply": 302,
        "job list": 200,
        **{f"failed login {n}": 200 for n in range(1, 6)},
        "failed login 6": 429,  # the limit still holds, counted in this process's memory
        "login": 302,
    }
    assert max(timings.values()) < 1.5, timings
    assert sum(timings.values()) < 3, timings  # one Redis timeout per window, not per call
    assert Application.objects.filter(job=job, seeker=seeker).exists()
    receipt = EmailOutbox.objects.get(to=seeker.email)
    assert receipt.status == EmailOutbox.Status.PENDING
    assert len(warnings_from(caplog, "cache")) == 1
    assert len(warnings_from(caplog, "broker")) == 1

    redis_server.resume()

    sweep_then_work(redis_server)
    # Perhaps queued twice (the stalled publish may have reached Redis after all, and
    # the sweep queued it again), sent once.
    assert [m.to for m in mail.outbox] == [[seeker.email]]
    receipt.refresh_from_db()
    assert (receipt.status, receipt.attempts) == (EmailOutbox.Status.SENT, 1)
