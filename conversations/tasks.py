from celery import shared_task

from . import services


@shared_task
def thread_send_due_digests_task(thread_id):
    return services.thread_send_due_digests(thread_id=thread_id)


@shared_task
def digests_send_due_task():
    return services.digests_send_due()
