"""Each message notifies the other side by email, at most once per thread and recipient
every 15 minutes while messages keep coming: the next email is a digest of what was said."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db.models import F
from django.utils import timezone

from accounts.models import EmailOutbox
from conversations.models import Message, Participant
from conversations.services import digests_send_due, message_post, thread_mark_read

pytestmark = pytest.mark.django_db


def emails_to(user):
    return [email for email in mail.outbox if email.to == [user.email]]


def post(on_commit, application, author, body, now=None):
    with on_commit():
        return message_post(application=application, author=author, body=body, now=now)


def test_the_first_message_emails_the_candidate_at_once_with_a_link_to_the_thread(
    on_commit, application, recruiter, candidate
):
    post(on_commit, application, recruiter, "Can you talk on Tuesday? Details: https://meet.example.com/abc")

    [email] = emails_to(candidate)
    assert email.subject == "New message from Acme Backend about “Senior Django Engineer”"
    assert "Can you talk on Tuesday?" in email.body
    assert "Rita Recruiter (Acme Backend)" in email.body
    assert f"http://127.0.0.1:8000/applications/{application.pk}/#conversation" in email.body
    assert emails_to(recruiter) == []


def test_messages_within_15_minutes_wait_for_one_digest(on_commit, application, recruiter, candidate):
    start = timezone.now()
    post(on_commit, application, recruiter, "First", now=start)
    post(on_commit, application, recruiter, "Second", now=start + timedelta(minutes=2))
    post(on_commit, application, recruiter, "Third", now=start + timedelta(minutes=9))
    assert len(emails_to(candidate)) == 1

    with on_commit():
        assert digests_send_due(now=start + timedelta(minutes=14)) == 0
    with on_commit():
        assert digests_send_due(now=start + timedelta(minutes=15, seconds=1)) == 1

    _first, digest = emails_to(candidate)
    assert digest.subject == "New messages from Acme Backend about “Senior Django Engineer”"
    assert "Second" in digest.body
    assert "Third" in digest.body
    assert "First" not in digest.body
    # Nothing more is owed.
    with on_commit():
        assert digests_send_due(now=start + timedelta(hours=2)) == 0
    assert len(emails_to(candidate)) == 2


def test_after_a_quiet_quarter_of_an_hour_the_next_message_emails_at_once(
    on_commit, application, recruiter, candidate
):
    post(on_commit, application, recruiter, "Earlier")
    # 20 minutes go by.
    Participant.objects.filter(user=candidate).update(notified_at=timezone.now() - timedelta(minutes=20))

    post(on_commit, application, recruiter, "Now")

    _earlier, now = emails_to(candidate)
    assert "Now" in now.body
    assert "Earlier" not in now.body


def test_what_the_recipient_read_on_the_site_is_not_emailed(on_commit, application, recruiter, candidate):
    start = timezone.now()
    post(on_commit, application, recruiter, "First", now=start)
    second = post(on_commit, application, recruiter, "Second", now=start + timedelta(minutes=1))
    thread_mark_read(thread_id=application.pk, user=candidate, through_id=second.pk)

    with on_commit():
        assert digests_send_due(now=start + timedelta(minutes=16)) == 0
    assert len(emails_to(candidate)) == 1


def test_each_member_of_the_company_is_emailed_and_throttled_on_their_own(
    on_commit, application, recruiter, colleague, candidate
):
    post(on_commit, application, candidate, "Hello both")

    assert len(emails_to(recruiter)) == 1
    assert len(emails_to(colleague)) == 1
    assert emails_to(recruiter)[0].subject == "New message from Ada Lovelace about “Senior Django Engineer”"
    assert f"/employer/applications/{application.pk}/#conversation" in emails_to(colleague)[0].body


def test_a_digest_run_twice_writes_one_email(on_commit, application, recruiter, candidate):
    start = timezone.now()
    post(on_commit, application, recruiter, "First", now=start)
    post(on_commit, application, recruiter, "Second", now=start + timedelta(minutes=1))
    later = start + timedelta(minutes=16)

    with on_commit():
        digests_send_due(now=later)
        digests_send_due(now=later)

    assert len(emails_to(candidate)) == 2
    assert EmailOutbox.objects.filter(key__startswith="conversation-digest:").count() == 2


def test_a_digest_quotes_the_newest_twenty_and_says_how_many_more(
    on_commit, application, recruiter, candidate
):
    start = timezone.now()
    post(on_commit, application, recruiter, "Opening", now=start)
    for n in range(25):
        post(on_commit, application, recruiter, f"Point {n}.", now=start + timedelta(seconds=n + 1))

    with on_commit():
        digests_send_due(now=start + timedelta(minutes=16))

    digest = emails_to(candidate)[-1]
    assert "(5 earlier messages not shown here.)" in digest.body
    assert "Point 24." in digest.body
    assert "Point 4." not in digest.body
    assert Message.objects.count() == 26


def test_the_beat_entry_sends_the_trailing_digests(on_commit, application, recruiter, candidate, settings):
    from jobportal.celery import app as celery_app

    entry = settings.CELERY_BEAT_SCHEDULE["conversations-send-due-digests"]
    post(on_commit, application, recruiter, "First")
    post(on_commit, application, recruiter, "Second")
    # A quarter of an hour goes by.
    Participant.objects.filter(user=candidate).update(
        notified_at=F("notified_at") - timedelta(minutes=15),
        notify_due_at=F("notify_due_at") - timedelta(minutes=15),
    )

    celery_app.loader.import_default_modules()  # what a worker does at start: autodiscovery
    assert entry["task"] in celery_app.tasks
    assert entry["schedule"] <= 60
    with on_commit():
        assert celery_app.tasks[entry["task"]].delay().get() == 1

    assert "Second" in emails_to(candidate)[-1].body
    assert len(emails_to(candidate)) == 2
