"""Two messages at once, and digests sent at once, make one email, on PostgreSQL and SQLite.

Each thread has its own database connection. PostgreSQL runs them concurrently (the
thread's row lock orders them); SQLite's IMMEDIATE transactions queue the writers, as
they do on `make run`'s database file (the test database in memory can't: its shared
cache fails a second writer at once, so the race runs on a copy in a file).
"""

import importlib
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import EmailOutbox
from conversations.models import Message, Participant
from conversations.services import message_post, thread_mark_read, thread_send_due_digests

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _skill_taxonomy():
    """The job factory needs the skills of a data migration, which a transactional test may have flushed."""
    importlib.import_module("listings.migrations.0003_skill_taxonomy").load_skills(apps, None)


@pytest.fixture(autouse=True)
def _sqlite_in_a_file(_skill_taxonomy, tmp_path):
    if connection.vendor != "sqlite":
        yield
        return
    yield from _on_a_file_copy(tmp_path / "race.sqlite3")


def _on_a_file_copy(path):
    """Point every connection at a WAL file copy of the in-memory test database, then back.

    Django never closes an in-memory database's connection (that would drop it), so the
    main thread's is set aside and restored, and teardown flushes the in-memory one.
    """
    connection.ensure_connection()
    with sqlite3.connect(path) as copy:
        connection.connection.backup(copy)
    in_memory_name, in_memory = connection.settings_dict["NAME"], connection.connection
    connection.connection = None
    settings.DATABASES["default"]["NAME"] = connection.settings_dict["NAME"] = str(path)
    try:
        yield
    finally:
        connection.close()
        settings.DATABASES["default"]["NAME"] = connection.settings_dict["NAME"] = in_memory_name
        connection.connection = in_memory


def race(*functions):
    """Run each function in its own thread, released at the same moment; return their results."""
    barrier = threading.Barrier(len(functions))
    used_databases = set()

    def run(function):
        try:
            barrier.wait(timeout=30)
            used_databases.add(connection.settings_dict["NAME"])
            return function()
        finally:
            connections.close_all()  # this thread's connection

    with ThreadPoolExecutor(max_workers=len(functions)) as pool:
        results = list(pool.map(run, functions))
    assert used_databases == {connection.settings_dict["NAME"]}
    assert "memory" not in str(used_databases)
    return results


def test_two_members_writing_at_once_send_the_candidate_one_email(
    application, recruiter, colleague, candidate
):
    race(
        lambda: message_post(application=application, author=recruiter, body="From Rita"),
        lambda: message_post(application=application, author=colleague, body="From Carl"),
    )

    assert Message.objects.count() == 2
    to_candidate = [email for email in mail.outbox if email.to == [candidate.email]]
    assert len(to_candidate) == 1
    assert Participant.objects.get(user=candidate).unread == 2
    # The message the email did not quote is owed in a digest, not lost.
    participant = Participant.objects.get(user=candidate)
    if "From Rita" in to_candidate[0].body and "From Carl" in to_candidate[0].body:
        assert participant.notify_due_at is None
    else:
        assert participant.notify_due_at == participant.notified_at + timedelta(minutes=15)


def test_two_digest_runs_at_once_write_one_email(application, recruiter, candidate):
    start = timezone.now()
    message_post(application=application, author=recruiter, body="First", now=start)
    message_post(application=application, author=recruiter, body="Second", now=start + timedelta(minutes=1))
    later = start + timedelta(minutes=16)

    results = race(*[lambda: thread_send_due_digests(thread_id=application.pk, now=later)] * 4)

    assert sorted(results) == [0, 0, 0, 1]
    assert EmailOutbox.objects.filter(to=candidate.email).count() == 2


def test_reading_the_page_while_a_message_arrives_never_loses_it(application, recruiter, candidate):
    """The page marks what it shows as read (a write during a GET): a message committed
    meanwhile stays unread unless the page showed it."""
    message_post(application=application, author=recruiter, body="First")
    reader = Client()
    reader.force_login(candidate)
    url = reverse("applications:detail", args=[application.pk])

    for n in range(5):
        page, message = race(
            lambda: reader.get(url).text,
            lambda n=n: message_post(application=application, author=recruiter, body=f"Meanwhile {n}"),
        )

        unread = Participant.objects.get(user=candidate).unread
        if f"Meanwhile {n}" in page:
            assert unread == 0
        else:
            assert unread >= 1, "a message the page did not show was marked read"
        thread_mark_read(thread_id=application.pk, user=candidate, through_id=message.pk)
