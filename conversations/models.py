"""A message thread on each application, between the candidate and the hiring company.

Thread: one per application (its primary key is the application's), made by the first
message. Message: plain text, from one side. Participant: one row per person and thread,
holding what they have read, their unread count (the navigation reads only these rows)
and when they are next due an email digest.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

MAX_MESSAGE_LENGTH = 5000


class ThreadQuerySet(models.QuerySet):
    def reported(self):
        return self.filter(reported_at__isnull=False)


class Thread(models.Model):
    application = models.OneToOneField(
        "applications.Application", on_delete=models.CASCADE, primary_key=True, related_name="thread"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_message_at = models.DateTimeField(null=True, blank=True)
    # "Report this conversation": only then do staff see it (admin).
    reported_at = models.DateTimeField(null=True, blank=True, db_index=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    report_reason = models.TextField(blank=True, max_length=1000)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        verbose_name = "reported conversation"

    def __str__(self):
        return f"Conversation on {self.application}"


class MessageQuerySet(models.QuerySet):
    def after(self, message_id):
        """Newer than the message the reader has; (thread, id) is indexed."""
        return self.filter(pk__gt=message_id or 0)


class Message(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages", db_index=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The side stays known when a recruiter's account is gone.
    from_company = models.BooleanField()
    body = models.TextField(max_length=MAX_MESSAGE_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["thread", "id"], name="message_thread_id")]

    def __str__(self):
        return f"Message {self.pk} on {self.thread_id}"


class ParticipantQuerySet(models.QuerySet):
    def with_unread(self, user):
        return self.filter(user=user, unread__gt=0)

    def due_before(self, moment):
        return self.filter(notify_due_at__lte=moment)


class Participant(models.Model):
    """A person's state in a thread. Rows are made for the other side when a message
    arrives (the candidate, or each member of the company)."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    unread = models.PositiveIntegerField(default=0)
    # Message ids: the newest from the other side, the newest this person has seen,
    # and the newest an email told them about.
    latest_incoming_id = models.BigIntegerField(default=0)
    read_through_id = models.BigIntegerField(default=0)
    notified_through_id = models.BigIntegerField(default=0)
    # Set while an email digest is owed: now, or 15 minutes after the last one.
    notify_due_at = models.DateTimeField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="one_participant_per_thread")]
        indexes = [
            models.Index(fields=["user"], condition=models.Q(unread__gt=0), name="participant_unread"),
            models.Index(
                fields=["notify_due_at"],
                condition=models.Q(notify_due_at__isnull=False),
                name="participant_notify_due",
            ),
        ]

    def __str__(self):
        return f"{self.user} in {self.thread}"


def thread_url_for(application, user):
    """Where `user` reads the thread: the candidate's or the employer's application page."""
    if application.seeker_id == user.pk:
        return reverse("applications:detail", args=[application.pk]) + "#conversation"
    return reverse("employer:application_detail", args=[application.pk]) + "#conversation"
