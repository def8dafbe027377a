"""Writes for conversations: post a message, mark a thread read, report it, and the
email digests, at most one per thread and recipient every 15 minutes.

Every write to a thread (a message, a digest) first locks the thread's row, so two
messages at once and a digest being sent never interleave: one email, never two, and
no message is skipped by a digest. SQLite gets the same order from its IMMEDIATE
transactions (settings), which take the write lock when they begin.
"""

from datetime import timedelta
from functools import partial

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.models import User
from accounts.services import email_outbox_add_from_templates
from applications.models import Application
from jobportal.links import absolute_url
from listings.models import Membership

from .models import MAX_MESSAGE_LENGTH, Message, Participant, Thread, thread_url_for

NOTIFY_EVERY = timedelta(minutes=15)
# A digest quotes at most this many of the newest messages (and says how many more).
DIGEST_MESSAGES = 20
CLOSED_STATUSES = {Application.Status.WITHDRAWN, Application.Status.REJECTED, Application.Status.HIRED}


class ConversationError(Exception):
    """The message can't be sent; the text says why, for the user."""


def side_of(application, user):
    """ "candidate", "company" or None: which side of the application `user` is on."""
    if not user.is_authenticated:
        return None
    if application.seeker_id == user.pk:
        return "candidate"
    if (
        user.is_employer
        and Membership.objects.filter(company_id=application.job.company_id, user=user).exists()
    ):
        return "company"
    return None


def read_only_reason(application):
    """Why nobody can write in this thread any more, or "" while they can."""
    if application.status == Application.Status.WITHDRAWN:
        return "The candidate withdrew this application: the conversation is read-only."
    if application.status in CLOSED_STATUSES:
        return "This application is closed: the conversation is read-only."
    if not application.job.is_open:
        return "This job is closed: the conversation is read-only."
    return ""


def clean_body(body):
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise ConversationError("Write a message first.")
    if len(body) > MAX_MESSAGE_LENGTH:
        raise ConversationError(f"Keep a message to {MAX_MESSAGE_LENGTH} characters or fewer.")
    return body


def _other_side(application, *, from_company):
    if from_company:
        return [application.seeker]
    return list(
        User.objects.filter(membership__company_id=application.job.company_id, is_active=True).order_by("pk")
    )


def _lock_thread(application):
    Thread.objects.get_or_create(application=application)
    return Thread.objects.select_for_update().get(pk=application.pk)


def message_post(*, application, author, body, now=None):
    """`author` (the candidate or a member of the hiring company) writes in the thread.

    The other side's unread counts go up, and each of them is owed an email digest:
    now if they had none in the last 15 minutes, else 15 minutes after the last one.
    """
    side = side_of(application, author)
    if side is None:
        raise PermissionDenied("Only the candidate and the hiring company can write here.")
    body = clean_body(body)
    now = now or timezone.now()
    with transaction.atomic():
        thread = _lock_thread(application)
        # Under the lock: a withdrawal or a rejection a moment ago counts.
        application = Application.objects.select_related("job", "seeker").get(pk=application.pk)
        reason = read_only_reason(application)
        if reason:
            raise ConversationError(reason)
        from_company = side == "company"
        message = Message.objects.create(thread=thread, author=author, from_company=from_company, body=body)
        Thread.objects.filter(pk=thread.pk).update(last_message_at=message.created_at)
        recipients = _other_side(application, from_company=from_company)
        Participant.objects.bulk_create(
            [Participant(thread=thread, user=user) for user in [author, *recipients]], ignore_conflicts=True
        )
        # Writing is reading: the author has seen the thread up to their own message.
        Participant.objects.filter(thread=thread, user=author).update(
            unread=0, read_through_id=message.pk, notify_due_at=None
        )
        theirs = Participant.objects.filter(thread=thread, user__in=recipients)
        theirs.update(unread=F("unread") + 1, latest_incoming_id=message.pk)
        owed = theirs.filter(notify_due_at__isnull=True)
        owed.filter(Q(notified_at__isnull=True) | Q(notified_at__lte=now - NOTIFY_EVERY)).update(
            notify_due_at=now
        )
        owed.filter(notified_at__gt=now - NOTIFY_EVERY).update(notify_due_at=F("notified_at") + NOTIFY_EVERY)
        transaction.on_commit(partial(_enqueue_digests, thread.pk), robust=True)
    return message


def _enqueue_digests(thread_id):
    from .tasks import thread_send_due_digests_task

    return thread_send_due_digests_task.delay(thread_id)


def thread_mark_read(*, thread_id, user, through_id):
    """`user` has seen the thread up to message `through_id`.

    A compare-and-set: if a newer message arrived meanwhile, it stays unread.
    Writes nothing when there is nothing unread (most page views and polls).
    """
    return bool(
        Participant.objects.filter(
            thread_id=thread_id, user=user, unread__gt=0, latest_incoming_id__lte=through_id
        ).update(unread=0, read_through_id=through_id, notify_due_at=None)
    )


def thread_report(*, application, by, reason=""):
    """A participant reports the conversation: from now on staff see it in the admin.
    Returns False if it had already been reported."""
    if side_of(application, by) is None:
        raise PermissionDenied("Only the candidate and the hiring company can report this conversation.")
    if not Message.objects.filter(thread_id=application.pk).exists():
        raise ConversationError("There is nothing to report: nobody has written yet.")
    return bool(
        Thread.objects.filter(pk=application.pk, reported_at__isnull=True).update(
            reported_at=timezone.now(), reported_by=by, report_reason=(reason or "").strip()[:1000]
        )
    )


# --- Email digests ---------------------------------------------------------------


def thread_send_due_digests(*, thread_id, now=None):
    """Write the email digests owed in one thread now (through the outbox). Returns how many.

    Each recipient gets what the other side said since their last email and since what
    they read on the site; nothing if they have read it all. Safe to run twice at once:
    the thread's lock orders the runs, and the second finds nothing due.
    """
    now = now or timezone.now()
    with transaction.atomic():
        thread = Thread.objects.select_for_update().filter(pk=thread_id).first()
        due = list(Participant.objects.due_before(now).filter(thread_id=thread_id).select_related("user"))
        if thread is None or not due:
            return 0
        application = Application.objects.select_related("job__company", "seeker").get(pk=thread_id)
        return sum(_send_digest(application, participant, now) for participant in due)


def _send_digest(application, participant, now):
    recipient = participant.user
    to_candidate = recipient.pk == application.seeker_id
    since = max(participant.notified_through_id, participant.read_through_id)
    unseen = Message.objects.filter(thread_id=application.pk, from_company=to_candidate).after(since)
    newest_first = list(unseen.select_related("author").order_by("-pk")[:DIGEST_MESSAGES])
    done = Participant.objects.filter(pk=participant.pk)
    if not newest_first or not recipient.is_active:
        done.update(notify_due_at=None)
        return 0
    newest = newest_first[0]
    email_outbox_add_from_templates(
        key=f"conversation-digest:{participant.pk}:{newest.pk}",
        to=recipient.email,
        template_prefix="conversations/email/digest",
        context={
            "application": application,
            "job": application.job,
            "company": application.job.company,
            "recipient": recipient,
            "to_candidate": to_candidate,
            "messages": list(reversed(newest_first)),
            "more": unseen.count() - len(newest_first) if len(newest_first) == DIGEST_MESSAGES else 0,
            "thread_url": absolute_url(thread_url_for(application, recipient)),
        },
    )
    done.update(notify_due_at=None, notified_at=now, notified_through_id=newest.pk)
    return 1


def digests_send_due(*, now=None, batch=500):
    """The beat job: every thread with a digest due (the trailing ones, and any whose
    task was lost with the broker). Returns how many emails were written."""
    now = now or timezone.now()
    thread_ids = list(
        Participant.objects.due_before(now).values_list("thread_id", flat=True).distinct()[:batch]
    )
    return sum(thread_send_due_digests(thread_id=thread_id, now=now) for thread_id in thread_ids)
