import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobportal.settings")

app = Celery("jobportal")
# Every Celery option lives in Django settings under the CELERY_ prefix.
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def _limit_worker_statement_time(**kwargs):
    # A statement outliving the task's hard time limit would keep running on the
    # server after the worker process is killed.
    from django.conf import settings

    from jobportal.db import limit_statement_time

    limit_statement_time(settings.WORKER_STATEMENT_TIMEOUT_MS)
