from celery import shared_task

from .services import insights_compute_all


@shared_task
def insights_compute_task():
    """Beat, nightly: recompute the salary, skill and demand figures. Idempotent: a
    second run replaces the rows with the same figures."""
    return insights_compute_all()
