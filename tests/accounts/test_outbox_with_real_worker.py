"""The outbox through a real Celery worker consuming from Redis."""

import time

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import EmailOutbox
from accounts.services import email_outbox_add
from accounts.tasks import email_send_task
from jobportal.celery import app as celery_app
from tests.conftest import requires_redis

pytestmark = [requires_redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def queued_tasks():
    """Tasks go through the broker to the worker, not in-process."""
    celery_app.conf.task_always_eager = False


def wait_for(condition, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_worker_sends_the_verification_email_of_a_signup(client, celery_worker, queued_tasks):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "queued@example.com",
            "full_name": "Queued Person",
            "role": "seeker",
            "password1": "blue-Pelican-42-harbour",
            "password2": "blue-Pelican-42-harbour",
        },
    )
    assert response.status_code == 302

    assert wait_for(lambda: EmailOutbox.objects.filter(status=EmailOutbox.Status.SENT).exists())
    assert [m.to for m in mail.outbox] == [["queued@example.com"]]
    assert "/accounts/confirm-email/" in mail.outbox[0].body


def test_worker_sends_a_redelivered_task_only_once(celery_worker, queued_tasks):
    outbox = email_outbox_add(key="test:redelivery", to="dev@example.com", subject="Hi", body_text="Body")
    assert wait_for(lambda: EmailOutbox.objects.get(pk=outbox.pk).status == EmailOutbox.Status.SENT)

    # The same message delivered again (as after a lost ack) sends nothing.
    email_send_task.delay(outbox.pk)
    email_send_task.delay(outbox.pk)
    # The worker takes one message at a time, in order: once this later email
    # is sent, the two duplicates before it have been handled.
    marker = email_outbox_add(key="test:marker", to="marker@example.com", subject="Hi", body_text="Body")
    assert wait_for(lambda: EmailOutbox.objects.get(pk=marker.pk).status == EmailOutbox.Status.SENT)
    assert [m.to for m in mail.outbox] == [["dev@example.com"], ["marker@example.com"]]
