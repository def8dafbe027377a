"""Writes for accounts: users and the email outbox."""

import email.policy
import hashlib
import logging
from datetime import timedelta
from functools import partial
from urllib.parse import urlsplit

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from jobportal.links import site_url

from .models import EmailOutbox, SeekerProfile, User

logger = logging.getLogger(__name__)

# A pending row younger than this may still be on its way to the broker.
SWEEP_PENDING_GRACE = timedelta(minutes=1)
SWEEP_BATCH = 500


def _enqueue_send(outbox_id):
    """The task's result, or None when the broker is unreachable from a web request
    (jobportal/celery.py); the row stays pending for the sweep."""
    from .tasks import email_send_task

    return email_send_task.delay(outbox_id)


def _seeker_matches_refresh_after_commit(user):
    """Recommendations (and what employers may be suggested) follow the profile. Imported
    here, not at the top: listings' tasks import services that import this module."""
    from listings.tasks import seeker_matches_refresh_task

    transaction.on_commit(partial(seeker_matches_refresh_task.delay, user.pk), robust=True)


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


def email_message_id(key):
    """The same Message-ID on every attempt at one outbox email.

    Exactly once is out of reach over SMTP: a worker can die after the server
    accepted a message and before the row is marked sent, and the row is then sent
    again. Receivers that dedupe on Message-ID (Gmail does) show that second copy as
    the same message. The key is hashed so that ids in it don't leak."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"<outbox.{digest}@{urlsplit(site_url()).hostname or 'localhost'}>"


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
        headers={"Message-ID": email_message_id(outbox.key), **(outbox.headers or {})},
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
    """Re-enqueue emails that nobody is sending. Returns how many were enqueued.

    A row still 'sending' EMAIL_OUTBOX_SENDING_STALE seconds after its claim lost its
    worker: the claim is made when the task starts, and the worker kills the task at
    its hard time limit (EMAIL_SEND_TIME_LIMIT, 30 s less), so no send of that row can
    still be going on. Making it pending again can't lead to two concurrent sends.
    """
    now = now or timezone.now()
    stale = timedelta(seconds=settings.EMAIL_OUTBOX_SENDING_STALE)
    # update() leaves updated_at as it was, so recovered rows are due at once.
    stuck = EmailOutbox.objects.sending_since_before(now - stale)
    recovered = stuck.update(status=EmailOutbox.Status.PENDING)
    if recovered:
        logger.warning("Outbox sweep recovered %d email(s) left 'sending' by a dead worker", recovered)
    due_ids = list(
        EmailOutbox.objects.pending_since_before(now - SWEEP_PENDING_GRACE)
        .order_by("created_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    enqueued = sum(_enqueue_send(outbox_id) is not None for outbox_id in due_ids)
    if due_ids:
        logger.info("Outbox sweep re-enqueued %d of %d pending email(s)", enqueued, len(due_ids))
    return enqueued


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


# --- Job seekers' profiles -------------------------------------------------------


def seeker_profile_for(user):
    profile, _ = SeekerProfile.objects.get_or_create(user=user)
    return profile


@transaction.atomic
def seeker_profile_update(*, user, fields, skills=None, resume_upload=None, full_name=None):
    """Save the profile (and the account's name, unless None); a new resume replaces
    (and deletes) the old one."""
    if full_name is not None and full_name != user.full_name:
        user_update_settings(user=user, full_name=full_name)
    profile = SeekerProfile.objects.select_for_update().get(pk=seeker_profile_for(user).pk)
    for name, value in fields.items():
        setattr(profile, name, value)
    old_resume = profile.resume.name if profile.resume else None
    if resume_upload is not None:
        profile.resume.save("resume.pdf", resume_upload, save=False)
        profile.resume_name = resume_upload.name[:255]
        profile.resume_uploaded_at = timezone.now()
    profile.save()
    if skills is not None:
        profile.skills.set(skills)
    if resume_upload is not None and old_resume:
        transaction.on_commit(lambda: profile.resume.storage.delete(old_resume))
    _seeker_matches_refresh_after_commit(user)
    return profile


@transaction.atomic
def seeker_profile_import(*, user, full_name=None, fields=None, skills=()):
    """Save what a seeker kept from "Start my profile from GitHub", and nothing else.

    `full_name` (None: leave it), `fields` (a subset of headline, city, country) and
    `skills` to add: skills are added to the profile's, never removed. Goes through
    the profile's own service, so matching follows the profile as after any edit.
    """
    if full_name is None and not fields and not skills:
        return None  # nothing kept: not even an empty profile is created
    if full_name is not None:
        user_update_settings(user=user, full_name=full_name)
    profile = seeker_profile_update(user=user, fields=dict(fields or {}))
    if skills:
        profile.skills.add(*skills)
    return profile


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
