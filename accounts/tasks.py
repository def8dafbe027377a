from smtplib import SMTPException

from celery import shared_task
from django.conf import settings

from . import services


# The hard time limit bounds how long a claimed ('sending') row can have a live
# sender; the outbox sweep relies on it (services.email_outbox_sweep). The prefork
# pool (the default) enforces it; the solo and threads pools don't.
@shared_task(
    autoretry_for=(SMTPException, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=6,
    acks_late=True,
    time_limit=settings.EMAIL_SEND_TIME_LIMIT,
    soft_time_limit=settings.EMAIL_SEND_TIME_LIMIT * 3 // 4,
)
def email_send_task(outbox_id):
    return services.email_send(outbox_id=outbox_id)


@shared_task
def email_outbox_sweep_task():
    return services.email_outbox_sweep()
