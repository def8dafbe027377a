"""The thread on both application pages: posting with and without htmx, polling for new
messages, plain text with clickable links, read-only threads, the flood limit, the
unread counts, the inbox and reporting."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from conversations.models import Message, Participant, Thread
from conversations.services import message_post, thread_report
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def seeker_page(application):
    return reverse("applications:detail", args=[application.pk])


def employer_page(application):
    return reverse("employer:application_detail", args=[application.pk])


def post_url(application):
    return reverse("conversations:post", args=[application.pk])


def poll_url(application, after):
    return reverse("conversations:poll", args=[application.pk]) + f"?after={after}"


def test_the_candidate_writes_without_javascript_and_lands_on_the_thread(client, application, candidate):
    client.force_login(candidate)

    response = client.post(post_url(application), {"body": "Is the role open to remote work?"})

    assert response.status_code == 302
    assert response["Location"] == seeker_page(application) + "#conversation"
    page = client.get(response["Location"]).text
    assert "Messages with Acme Backend" in page
    assert "Is the role open to remote work?" in page
    assert Message.objects.get().author == candidate


def test_the_employer_sees_the_thread_with_the_stage_changes_in_order(
    client, application, recruiter, candidate
):
    message_post(application=application, author=candidate, body="Looking forward to hearing from you")
    client.force_login(recruiter)
    client.post(reverse("employer:application_move", args=[application.pk]), {"to_status": "interview"})
    client.post(post_url(application), {"body": "Can you talk on Tuesday?"})

    html = client.get(employer_page(application)).text

    conversation = html[html.index('id="conversation"') :]
    assert "Conversation with Ada Lovelace" in conversation
    order = [
        "Applied",
        "Looking forward to hearing from you",
        "Moved to “Interview”",
        "Can you talk on Tuesday?",
    ]
    positions = [conversation.index(text) for text in order]
    assert positions == sorted(positions)
    assert '<strong class="conversation__author">You</strong>' in conversation


def test_an_htmx_post_returns_the_conversation_with_the_message_and_an_empty_form(
    client, application, recruiter
):
    client.force_login(recruiter)

    response = client.post(post_url(application), {"body": "Hello Ada"}, headers=HTMX)

    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="conversation"')
    assert "Hello Ada" in response.text
    assert re.search(r"<textarea[^>]*>\s*</textarea>", response.text)


def test_messages_are_plain_text_with_clickable_links(client, application, recruiter, candidate):
    message_post(
        application=application,
        author=recruiter,
        body="<script>alert(1)</script> <b>bold</b>\nJoin: https://meet.example.com/abc?x=1&y=2\njavascript:alert(2)",
    )
    client.force_login(candidate)

    html = client.get(seeker_page(application)).text

    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;bold&lt;/b&gt;<br>" in html
    assert '<a href="https://meet.example.com/abc?x=1&amp;y=2" rel="nofollow">' in html
    assert 'href="javascript' not in html


def test_a_withdrawn_application_shows_the_thread_read_only(client, application, recruiter, candidate):
    message_post(application=application, author=recruiter, body="Hello Ada")
    application.status = "withdrawn"
    application.save()
    client.force_login(candidate)

    html = client.get(seeker_page(application)).text
    assert "Hello Ada" in html
    assert "The candidate withdrew this application: the conversation is read-only." in html
    assert f'action="{post_url(application)}"' not in html
    assert "conversation-poller" not in html

    response = client.post(post_url(application), {"body": "Wait, I changed my mind"})
    assert response.status_code == 400
    assert "Your message was not sent" in response.text
    assert "Wait, I changed my mind" in response.text  # what was typed is kept
    assert Message.objects.count() == 1


def test_an_empty_message_is_refused_with_a_clear_message(client, application, candidate):
    client.force_login(candidate)

    plain = client.post(post_url(application), {"body": "   "})
    htmx = client.post(post_url(application), {"body": ""}, headers=HTMX)

    assert plain.status_code == 400
    assert "Write a message first." in plain.text
    assert htmx.status_code == 200
    assert "Write a message first." in htmx.text
    assert not Message.objects.exists()


def test_a_flood_is_stopped_with_a_clear_message_and_the_text_kept(client, application, candidate, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "conversation_message": "2/m/user"}
    client.force_login(candidate)
    for n in range(2):
        assert client.post(post_url(application), {"body": f"Message {n}"}).status_code == 302

    plain = client.post(post_url(application), {"body": "Message 3"})
    htmx = client.post(post_url(application), {"body": "Message 4"}, headers=HTMX)

    assert plain.status_code == 429
    assert "You are sending messages faster than anyone can read them" in plain.text
    assert "Message 3" in plain.text
    assert htmx.status_code == 200
    assert "You are sending messages faster than anyone can read them" in htmx.text
    assert "Message 4</textarea>" in htmx.text
    assert Message.objects.count() == 2


# --- Polling ---------------------------------------------------------------------------


def test_the_page_polls_every_10_seconds_only_while_visible(client, application, candidate):
    client.force_login(candidate)

    html = client.get(seeker_page(application)).text

    poller = re.search(r'<li id="conversation-poller"[^>]*>', html).group(0)
    assert f'data-hx-get="{poll_url(application, 0)}"' in poller
    assert 'data-hx-trigger="every 10s, conversation-visible"' in poller
    assert "data-poll-while-visible" in poller
    assert "/static/js/conversations.js" in html


def test_polling_with_nothing_new_is_one_query_and_204(
    client, application, recruiter, candidate, django_assert_num_queries
):
    message = message_post(application=application, author=recruiter, body="Hello Ada")
    client.force_login(candidate)
    client.get(seeker_page(application))

    # session, user, the scoped application with "anything newer?"
    with django_assert_num_queries(3):
        response = client.get(poll_url(application, message.pk), headers=HTMX)

    assert response.status_code == 204
    assert response.content == b""


def test_a_poll_brings_the_new_messages_and_the_next_poller_and_reads_them(
    client, application, recruiter, candidate
):
    first = message_post(application=application, author=recruiter, body="Hello Ada")
    client.force_login(candidate)
    client.get(seeker_page(application))
    second = message_post(application=application, author=recruiter, body="Are you free on Tuesday?")
    assert Participant.objects.get(user=candidate).unread == 1

    response = client.get(poll_url(application, first.pk), headers=HTMX)

    assert response.status_code == 200
    assert "Are you free on Tuesday?" in response.text
    assert "Hello Ada" not in response.text
    assert f'data-hx-get="{poll_url(application, second.pk)}"' in response.text
    assert Participant.objects.get(user=candidate).unread == 0


def test_a_poll_with_a_bad_cursor_is_400(client, application, candidate):
    client.force_login(candidate)

    assert client.get(poll_url(application, "x"), headers=HTMX).status_code == 400


# --- Unread counts, the inbox, My applications ------------------------------------------


def test_the_navigation_loads_the_unread_count_after_the_page(client, application, recruiter, candidate):
    message_post(application=application, author=recruiter, body="One")
    message_post(application=application, author=recruiter, body="Two")
    client.force_login(candidate)

    menu = client.get(reverse("applications:list")).text
    assert f'data-hx-get="{reverse("conversations:unread_badge")}"' in menu
    badge = client.get(reverse("conversations:unread_badge")).text
    assert '<span class="badge badge--count">2<span class="visually-hidden"> unread</span></span>' in badge

    client.get(seeker_page(application))  # reading the thread
    assert "badge" not in client.get(reverse("conversations:unread_badge")).text


def test_my_applications_says_which_have_new_messages(client, application, recruiter, candidate):
    quiet = ApplicationFactory(seeker=candidate)
    message_post(application=application, author=recruiter, body="One")
    client.force_login(candidate)

    html = client.get(reverse("applications:list")).text

    assert (
        f'<a href="{seeker_page(application)}#conversation"><span class="badge badge--count">1 new</span></a>'
        in html
    )
    assert f'<a href="{seeker_page(quiet)}#conversation">Messages</a>' in html


def test_the_applicants_board_says_who_wrote(client, application, recruiter):
    message_post(application=application, author=application.seeker, body="One")
    message_post(application=application, author=application.seeker, body="Two")
    client.force_login(recruiter)

    html = client.get(reverse("employer:job_applicants", args=[application.job_id])).text

    assert f'href="{employer_page(application)}#conversation">2 new messages</a>' in html


@pytest.mark.parametrize("n", [1, 20])
def test_the_inbox_lists_threads_with_flat_queries(client, recruiter, company, django_assert_num_queries, n):
    applications = [ApplicationFactory(job__company=company) for _ in range(n)]
    for application in applications:
        message_post(application=application, author=application.seeker, body="Hello")
    client.force_login(recruiter)

    # session, user, count, the page of threads with application, job, company, candidate
    with django_assert_num_queries(4):
        response = client.get(reverse("conversations:inbox"))

    assert [thread.unread for thread in response.context["threads"]] == [1] * n
    assert response.text.count("1 new") == n


# --- Reporting, and what staff see -----------------------------------------------------


def test_a_participant_reports_the_conversation(client, application, recruiter, candidate):
    message_post(application=application, author=recruiter, body="Pay a fee to get the interview")
    client.force_login(candidate)

    response = client.post(
        reverse("conversations:report", args=[application.pk]), {"reason": "Asking for money"}, follow=True
    )

    assert "our staff will read this conversation" in response.text
    thread = Thread.objects.get()
    assert (thread.reported_by, thread.report_reason) == (candidate, "Asking for money")


def test_moderators_see_only_reported_threads_in_the_admin(client, application, recruiter, candidate, staff):
    message_post(application=application, author=recruiter, body="Reported words")
    quiet = ApplicationFactory(job=application.job)
    message_post(application=quiet, author=recruiter, body="Private words")
    staff.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(staff)

    assert (
        "Reported words"
        not in client.get(reverse("admin:conversations_thread_change", args=[application.pk])).text
    )
    thread_report(application=application, by=candidate, reason="Spam")

    changelist = client.get(reverse("admin:conversations_thread_changelist")).text
    assert str(application) in changelist
    assert str(quiet) not in changelist
    assert (
        "Reported words"
        in client.get(reverse("admin:conversations_thread_change", args=[application.pk])).text
    )
    hidden = client.get(reverse("admin:conversations_thread_change", args=[quiet.pk]))
    assert "Private words" not in hidden.text


def test_an_empty_message_is_said_once(client, application, candidate):
    client.force_login(candidate)

    htmx = client.post(post_url(application), {"body": ""}, headers=HTMX)

    assert htmx.text.count("Write a message first.") == 1
