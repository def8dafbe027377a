"""Writes for accounts: users and the email outbox."""

import email.policy
import logging
from datetime import timedelta
from functools import partial

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from .models import EmailOutbox, User

logger = logging.getLogger(__name__)

# A pending row younger than this may still be on its way to the broker.
SWEEP_PENDING_GRACE = timedelta(minutes=1)
# A 'sending' row older than this lost its worker (task hard limit is 5 minutes).
SWEEP_SENDING_STALE = timedelta(minutes=15)
SWEEP_BATCH = 500


def _enqueue_send(outbox_id):
    from .tasks import email_send_task

    email_send_task.delay(outbox_id)


def email_outbox_add(*, key, to, subject, body_text, body_html="", headers=None):
    """Record an email for the event named by `key`, and send it after commit.

    Call it inside the transaction of the event. A second call with the same key
    adds nothing, so one event never yields two emails. If the broker is down at
    commit time the row stays pending and the periodic sweep sends it.
    """
    outbox, created = EmailOutbox.objects.get_or_create(
        key=key,
        defaults={
            "to": to,
            "subject": subject[:255],
            "body_text": body_text,
            "body_html": body_html,
            "headers": headers or {},
        },
    )
    if created:
        # robust: a broker outage must not fail the request; the sweep covers it.
        transaction.on_commit(partial(_enqueue_send, outbox.pk), robust=True)
    return outbox


def email_outbox_add_from_templates(*, key, to, template_prefix, context, headers=None):
    """Render `<prefix>_subject.txt`, `_body.txt` and `_body.html` and record them."""
    context = {"site_name": settings.SITE_NAME, **context}
    subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
    return email_outbox_add(
        key=key,
        to=to,
        subject=subject,
        body_text=render_to_string(f"{template_prefix}_body.txt", context).strip(),
        body_html=render_to_string(f"{template_prefix}_body.html", context).strip(),
        headers=headers,
    )


class OutboxEmail(EmailMultiAlternatives):
    """An email whose header lines may run to RFC 5322's 998 characters.

    The SMTP backend renders with email.policy.SMTP, which folds at 78 characters; a
    header with no space to fold at (a List-Unsubscribe URL) then goes out as RFC 2047
    encoded-words, which mail providers don't read as a URL.
    """

    def message(self, *, policy=email.policy.default):
        return super().message(policy=policy.clone(max_line_length=998))


def email_send(*, outbox_id):
    """Send one outbox row. Returns False if it was already sent or is being sent.

    The claim is a compare-and-set (pending → sending), so two runs of the task
    for the same row send once. No transaction stays open during SMTP.
    """
    now = timezone.now()
    claimed = EmailOutbox.objects.filter(pk=outbox_id, status=EmailOutbox.Status.PENDING).update(
        status=EmailOutbox.Status.SENDING, attempts=F("attempts") + 1, updated_at=now
    )
    if not claimed:
        return False
    outbox = EmailOutbox.objects.get(pk=outbox_id)
    message = OutboxEmail(
        subject=outbox.subject,
        body=outbox.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[outbox.to],
        headers=outbox.headers or None,
    )
    if outbox.body_html:
        message.attach_alternative(outbox.body_html, "text/html")
    try:
        message.send()
    except Exception as exc:
        gave_up = outbox.attempts >= settings.EMAIL_OUTBOX_MAX_ATTEMPTS
        EmailOutbox.objects.filter(pk=outbox_id, status=EmailOutbox.Status.SENDING).update(
            status=EmailOutbox.Status.FAILED if gave_up else EmailOutbox.Status.PENDING,
            last_error=repr(exc)[:2000],
            updated_at=timezone.now(),
        )
        raise
    EmailOutbox.objects.filter(pk=outbox_id).update(
        status=EmailOutbox.Status.SENT, sent_at=timezone.now(), updated_at=timezone.now(), last_error=""
    )
    return True


def email_outbox_sweep(*, now=None):
    """Re-enqueue emails that nobody is sending. Returns how many were enqueued."""
    now = now or timezone.now()
    # update() leaves updated_at as it was, so recovered rows are due at once.
    EmailOutbox.objects.sending_since_before(now - SWEEP_SENDING_STALE).update(
        status=EmailOutbox.Status.PENDING
    )
    due_ids = list(
        EmailOutbox.objects.pending_since_before(now - SWEEP_PENDING_GRACE)
        .order_by("created_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    for outbox_id in due_ids:
        _enqueue_send(outbox_id)
    if due_ids:
        logger.info("Outbox sweep re-enqueued %d email(s)", len(due_ids))
    return len(due_ids)


def email_outbox_retry(*, outbox):
    """Staff action: give a failed email another round of attempts."""
    updated = EmailOutbox.objects.filter(pk=outbox.pk, status=EmailOutbox.Status.FAILED).update(
        status=EmailOutbox.Status.PENDING, attempts=0, updated_at=timezone.now()
    )
    if updated:
        transaction.on_commit(partial(_enqueue_send, outbox.pk), robust=True)
    return bool(updated)


def user_has_verified_email(user):
    return EmailAddress.objects.filter(user=user, verified=True).exists()


def user_set_active(*, user, by, active):
    """Staff deactivate (or reactivate) an account; a deactivated user can't log in.
    Returns False when the account already was in that state."""
    if not by.is_staff:
        raise PermissionDenied("Only staff can deactivate accounts.")
    if user.pk == by.pk and not active:
        raise PermissionDenied("You can't deactivate your own account.")
    return bool(User.objects.filter(pk=user.pk, is_active=not active).update(is_active=active))


def user_update_settings(*, user, full_name):
    user.full_name = full_name
    user.save(update_fields=["full_name"])
    return user


@transaction.atomic
def user_create_demo(*, email, password, role, is_staff=False, full_name=""):
    """Create (or reset) a demo account whose email is already verified."""
    user, _ = User.objects.update_or_create(
        email=email,
        defaults={"role": role, "is_staff": is_staff, "is_superuser": is_staff, "full_name": full_name},
    )
    user.set_password(password)
    user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user
