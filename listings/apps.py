import atexit
import logging

from django.apps import AppConfig

logger = logging.getLogger(__name__)


def _write_pending_views():
    from .services.job_views import job_views_flush

    try:
        job_views_flush()
    except Exception:  # at exit the database may be gone; a few views are not worth a traceback
        logger.warning("Job views counted by this process were not written at exit", exc_info=True)


class ListingsConfig(AppConfig):
    name = "listings"

    def ready(self):
        # A process that stops (a gunicorn worker recycled, runserver stopped)
        # writes the job views it counted since its last batch.
        atexit.register(_write_pending_views)
