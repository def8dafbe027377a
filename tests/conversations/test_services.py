"""Posting, reading and reporting messages: the rules of who may write and when."""

import pytest
from django.core.exceptions import PermissionDenied

from applications.services import application_withdraw
from conversations.models import Message, Participant, Thread
from conversations.services import (
    ConversationError,
    message_post,
    thread_mark_read,
    thread_report,
)
from tests.factories import ApplicationFactory, CompanyFactory, UserFactory, employer_of

pytestmark = pytest.mark.django_db


def unread(user):
    return {p.thread_id: p.unread for p in Participant.objects.filter(user=user)}


def test_the_company_writes_and_the_candidate_has_one_unread(application, recruiter, candidate):
    message = message_post(application=application, author=recruiter, body="  Can you talk on Tuesday?\r\n ")

    assert message.body == "Can you talk on Tuesday?"
    assert message.from_company is True
    assert Thread.objects.get().pk == application.pk
    assert unread(candidate) == {application.pk: 1}
    assert unread(recruiter) == {application.pk: 0}


def test_the_candidate_writes_and_every_member_of_the_company_has_it_unread(
    application, recruiter, colleague, candidate
):
    message_post(application=application, author=candidate, body="Tuesday works.")
    message_post(application=application, author=candidate, body="Any time after 10.")

    assert unread(recruiter) == {application.pk: 2}
    assert unread(colleague) == {application.pk: 2}
    assert unread(candidate) == {application.pk: 0}


def test_replying_reads_the_thread(application, recruiter, candidate):
    message_post(application=application, author=recruiter, body="Hello")
    message_post(application=application, author=candidate, body="Hi!")

    assert unread(candidate) == {application.pk: 0}
    assert unread(recruiter) == {application.pk: 1}


def test_another_company_and_another_seeker_cannot_write(application):
    stranger_employer = employer_of(CompanyFactory())
    other_seeker = UserFactory(seeker=True)
    staff = UserFactory(staff=True)

    for outsider in (stranger_employer, other_seeker, staff):
        with pytest.raises(PermissionDenied):
            message_post(application=application, author=outsider, body="Hi")
    assert not Message.objects.exists()


def test_a_candidate_can_write_only_on_their_own_application(candidate, recruiter):
    someone_elses = ApplicationFactory(job__company=recruiter.membership.company)

    with pytest.raises(PermissionDenied):
        message_post(application=someone_elses, author=candidate, body="Hi")


@pytest.mark.parametrize("status", ["withdrawn", "rejected", "hired"])
def test_a_closed_application_is_read_only(application, recruiter, candidate, status):
    message_post(application=application, author=recruiter, body="Before")
    application.status = status
    application.save()

    for author in (recruiter, candidate):
        with pytest.raises(ConversationError, match="read-only"):
            message_post(application=application, author=author, body="After")
    assert list(Message.objects.values_list("body", flat=True)) == ["Before"]


def test_a_closed_job_makes_the_thread_read_only(application, recruiter):
    application.job.status = "closed"
    application.job.save()

    with pytest.raises(ConversationError, match="job is closed"):
        message_post(application=application, author=recruiter, body="Hello")


def test_a_withdrawal_a_moment_ago_counts(application, recruiter, candidate):
    stale = type(application).objects.get(pk=application.pk)
    application_withdraw(application=application, by=candidate)

    with pytest.raises(ConversationError, match="withdrew"):
        message_post(application=stale, author=recruiter, body="Still there?")


@pytest.mark.parametrize("body", ["", "   \n  ", "x" * 5001])
def test_empty_and_overlong_messages_are_refused(application, recruiter, body):
    with pytest.raises(ConversationError):
        message_post(application=application, author=recruiter, body=body)
    assert not Message.objects.exists()


def test_mark_read_keeps_a_message_that_arrived_meanwhile_unread(application, recruiter, candidate):
    first = message_post(application=application, author=recruiter, body="One")
    message_post(application=application, author=recruiter, body="Two")

    # The candidate's page showed only the first message.
    assert thread_mark_read(thread_id=application.pk, user=candidate, through_id=first.pk) is False
    assert unread(candidate) == {application.pk: 2}

    newest = Message.objects.last()
    assert thread_mark_read(thread_id=application.pk, user=candidate, through_id=newest.pk) is True
    assert unread(candidate) == {application.pk: 0}
    # Nothing unread: nothing written.
    assert thread_mark_read(thread_id=application.pk, user=candidate, through_id=newest.pk) is False


def test_a_participant_reports_the_thread_once(application, recruiter, candidate):
    with pytest.raises(ConversationError, match="nothing to report"):
        thread_report(application=application, by=candidate)
    message_post(application=application, author=recruiter, body="Send me your bank details")

    assert thread_report(application=application, by=candidate, reason="Scam") is True
    assert thread_report(application=application, by=recruiter, reason="Other") is False
    thread = Thread.objects.get()
    assert (thread.reported_by, thread.report_reason) == (candidate, "Scam")
    assert list(Thread.objects.reported()) == [thread]


def test_an_outsider_cannot_report(application, recruiter):
    message_post(application=application, author=recruiter, body="Hello")

    with pytest.raises(PermissionDenied):
        thread_report(application=application, by=UserFactory(seeker=True))
    assert not Thread.objects.reported().exists()


def test_the_demo_seeker_has_a_message_from_the_demo_employer():
    from io import StringIO

    from django.core.management import call_command

    from listings.demo import content as demo

    call_command("seed_demo", jobs=5, stdout=StringIO())
    seeker = UserFactory._meta.model.objects.get(email=demo.DEMO_SEEKER_EMAIL)

    message = Message.objects.get(thread__application__seeker=seeker)
    assert message.body == demo.DEMO_EMPLOYER_MESSAGE
    assert message.author.email == demo.DEMO_EMPLOYER_EMAIL
    assert unread(seeker) == {message.thread_id: 1}
    # Seeding again starts the conversation over.
    call_command("seed_demo", jobs=5, stdout=StringIO())
    assert Message.objects.filter(thread__application__seeker=seeker).count() == 1
