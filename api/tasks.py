from celery import shared_task
from django.conf import settings

from .services import webhooks


# The hard time limit bounds how long a claimed ('sending') delivery can have a live
# sender: the sweep relies on it (WEBHOOK_SENDING_STALE is longer). A slow receiver
# costs a worker at most this long; the HTTP timeouts are shorter still.
@shared_task(
    bind=True,
    acks_late=True,
    max_retries=None,  # webhook_deliver counts attempts and gives up itself
    time_limit=settings.WEBHOOK_SEND_TIME_LIMIT,
    soft_time_limit=settings.WEBHOOK_SEND_TIME_LIMIT * 3 // 4,
)
def webhook_deliver_task(self, delivery_id):
    retry_in = webhooks.webhook_deliver(delivery_id=delivery_id)
    # Run in-process (no broker: make run) a retry can't wait; the row stays pending
    # with its next_attempt_at, and the sweep sends it when it is due.
    if retry_in is not None and not self.request.is_eager:
        raise self.retry(countdown=retry_in)


@shared_task
def webhook_deliveries_sweep_task():
    return webhooks.webhook_deliveries_sweep()
