"""The conversation's own URLs: post a message, poll for new ones, report the thread,
the inbox and the navigation's unread badge. The thread itself is shown on each side's
application page (applications.views), through selectors.conversation_for_page.

Every view fetches the application through a scoped queryset (access.py): another
person's or company's application is a 404 and nothing changes.
"""

from allauth.core import ratelimit
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from accounts.access import signed_in
from applications.models import Application

from . import selectors, services
from .access import participant_application, participant_applications
from .forms import MessageForm, ReportForm
from .models import Message, thread_url_for

CONVERSATION = "conversations/includes/conversation.html"
RATE_LIMITED = "You are sending messages faster than anyone can read them: wait a minute, then send it again."
# New messages a poll returns at most; the next poll brings the rest.
POLL_MESSAGES = 50


def _application(request, pk):
    return participant_application(request, pk, Application.objects.select_related("job__company", "seeker"))


def _side(application, user):
    return "candidate" if application.seeker_id == user.pk else "company"


@require_POST
@signed_in
def message_post(request, pk):
    """A plain POST redirects to the thread (PRG); htmx gets the conversation back."""
    application = _application(request, pk)
    form = MessageForm(request.POST)
    # `error` is said above the form; a field's own errors (empty, too long) show on the field.
    error, status = "", 400
    if form.is_valid():
        if not ratelimit.consume(request, action="conversation_message", user=request.user):
            error, status = RATE_LIMITED, 429
        else:
            try:
                services.message_post(
                    application=application, author=request.user, body=form.cleaned_data["body"]
                )
            except services.ConversationError as exc:
                error = str(exc)
            except PermissionDenied as exc:
                error, status = str(exc), 403
            else:
                if request.htmx:
                    return _render_conversation(request, application)
                return redirect(thread_url_for(application, request.user))
    if request.htmx:
        # htmx swaps only 2xx answers: the form comes back with what was typed and why.
        return _render_conversation(request, application, form=form, error=error)
    return render(
        request,
        "conversations/not_sent.html",
        {"application": application, "form": form, "error": error, "side": _side(application, request.user)},
        status=status,
    )


def _render_conversation(request, application, **kwargs):
    context = selectors.conversation_for_page(
        application=application,
        user=request.user,
        side=_side(application, request.user),
        events=application.events.all(),
        **kwargs,
    )
    return render(
        request, f"{CONVERSATION}#conversation", {"conversation": context, "application": application}
    )


@require_safe
@signed_in
def poll(request, pk):
    """Messages after `after`, for the page's poller. One indexed query when there is
    nothing new (the common case): 204, and htmx swaps nothing."""
    try:
        after = int(request.GET.get("after", "0"))
    except ValueError:
        return HttpResponseBadRequest("after: a message id")
    newer = Message.objects.filter(thread_id=OuterRef("pk")).after(after)
    has_new = (
        participant_applications(request.user)
        .filter(pk=pk)
        .annotate(has_new=Exists(newer))
        .values_list("has_new", flat=True)
        .first()
    )
    if has_new is None:
        return HttpResponse("Not found", status=404, content_type="text/plain")
    if not has_new:
        return HttpResponse(status=204)
    application = _application(request, pk)
    new = list(Message.objects.filter(thread_id=pk).after(after).select_related("author")[:POLL_MESSAGES])
    services.thread_mark_read(thread_id=pk, user=request.user, through_id=new[-1].pk)
    context = {
        "application": application,
        "new_messages": new,
        "last_id": new[-1].pk,
        "poll_seconds": selectors.POLL_SECONDS,
    }
    return render(request, f"{CONVERSATION}#new-messages", context)


@require_POST
@signed_in
def report(request, pk):
    application = _application(request, pk)
    form = ReportForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        reported = services.thread_report(application=application, by=request.user, reason=reason)
    except services.ConversationError as exc:
        messages.error(request, str(exc))
    else:
        if reported:
            messages.success(request, "Thank you: our staff will read this conversation and act on it.")
        else:
            messages.info(request, "This conversation has already been reported; our staff will read it.")
    return redirect(thread_url_for(application, request.user))


@require_safe
@signed_in
def inbox(request):
    page = Paginator(selectors.inbox_threads(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "conversations/inbox.html", {"page_obj": page, "threads": page.object_list})


@require_safe
@signed_in
def unread_badge(request):
    """The navigation's count, loaded after the page (pages keep their query counts)."""
    return render(
        request, "conversations/includes/unread_badge.html", {"unread": selectors.unread_total(request.user)}
    )
