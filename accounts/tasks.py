from smtplib import SMTPException

from celery import shared_task

from . import services


@shared_task(
    autoretry_for=(SMTPException, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=6,
    acks_late=True,
)
def email_send_task(outbox_id):
    return services.email_send(outbox_id=outbox_id)


@shared_task
def email_outbox_sweep_task():
    return services.email_outbox_sweep()
