"""Reads for conversations: a thread as a page shows it, unread counts, the inbox."""

from django.db.models import F, FilteredRelation, Q, Sum
from django.db.models.functions import Coalesce

from .access import participant_applications
from .forms import MessageForm, ReportForm
from .models import Message, Participant, Thread
from .services import read_only_reason, thread_mark_read

# How often an open thread asks for new messages (while its tab is visible).
POLL_SECONDS = 10
# A page shows the newest messages of a thread; older ones are in the emails and the admin.
PAGE_MESSAGES = 200


def conversation_for_page(*, application, user, side, events=(), form=None, error=""):
    """The thread of `application` merged with its stage changes, oldest first, for a page
    that has `application` with its job (and company) loaded. Marks what it shows as read.

    Two queries: the newest messages, and the reader's unread count.
    """
    newest = Message.objects.filter(thread_id=application.pk).select_related("author").order_by("-pk")
    messages = list(reversed(newest[:PAGE_MESSAGES]))
    last_id = messages[-1].pk if messages else 0
    unread = Participant.objects.filter(thread_id=application.pk, user=user).values_list("unread", flat=True)
    if messages and (unread.first() or 0) > 0:
        thread_mark_read(thread_id=application.pk, user=user, through_id=last_id)
    items = [(event.created_at, 0, event) for event in events] + [(m.created_at, 1, m) for m in messages]
    items.sort(key=lambda item: (item[0], item[1]))
    return {
        "application": application,
        "side": side,
        "items": [{"event" if kind == 0 else "message": obj} for _, kind, obj in items],
        "has_messages": bool(messages),
        "truncated": len(messages) == PAGE_MESSAGES,
        "last_id": last_id,
        "poll_seconds": POLL_SECONDS,
        "read_only_reason": read_only_reason(application),
        "form": form or MessageForm(),
        "report_form": ReportForm(),
        "error": error,
    }


def unread_total(user):
    """Unread messages across the user's threads: one query on a partial index."""
    if not user.is_authenticated:
        return 0
    return Participant.objects.with_unread(user).aggregate(total=Sum("unread"))["total"] or 0


def unread_by_application(user):
    """{application id: unread messages} for the user's threads with something unread."""
    return dict(Participant.objects.with_unread(user).values_list("thread_id", "unread"))


def inbox_threads(user):
    """The threads the user takes part in, newest message first, with their unread count."""
    applications = participant_applications(user).values("pk")
    return (
        Thread.objects.filter(pk__in=applications, last_message_at__isnull=False)
        .annotate(mine=FilteredRelation("participants", condition=Q(participants__user=user)))
        .annotate(unread=Coalesce(F("mine__unread"), 0))
        .select_related("application__job__company", "application__seeker")
        .order_by("-last_message_at", "-pk")
    )
