import atexit
import logging

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save

logger = logging.getLogger(__name__)


def _write_pending_views():
    from .services.job_views import job_views_flush

    try:
        job_views_flush()
    except Exception:  # at exit the database may be gone; a few views are not worth a traceback
        logger.warning("Job views counted by this process were not written at exit", exc_info=True)


def _new_release(sender, **kwargs):
    # A deploy runs migrate: pages cached by the previous release (its markup) go.
    from .page_cache import pages_of_previous_release_expire

    pages_of_previous_release_expire()


class ListingsConfig(AppConfig):
    name = "listings"

    def ready(self):
        # A process that stops (a gunicorn worker recycled, runserver stopped)
        # writes the job views it counted since its last batch.
        atexit.register(_write_pending_views)
        post_migrate.connect(_new_release, sender=self, dispatch_uid="listings-new-release")
        # The search's kept skill taxonomy goes when a skill changes (search.taxonomy).
        from .search import taxonomy

        skill = self.get_model("Skill")
        post_save.connect(taxonomy.forget, sender=skill, dispatch_uid="search-taxonomy-saved")
        post_delete.connect(taxonomy.forget, sender=skill, dispatch_uid="search-taxonomy-deleted")
