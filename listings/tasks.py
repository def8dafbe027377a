from celery import shared_task

from . import services
from .models import Job


@shared_task
def job_screen_task(job_id):
    """Pre-screen a job submitted for review. Idempotent: flags are replaced."""
    job = Job.objects.select_related("company", "posted_by").filter(pk=job_id).first()
    if job is None or job.status != Job.Status.PENDING:
        return None
    return sorted(services.job_screen(job=job))


@shared_task
def jobs_expire_due_task():
    return services.jobs_expire_due()


@shared_task
def jobs_remind_expiring_task():
    return services.jobs_remind_expiring()
