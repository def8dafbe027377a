"""Job cards, rendered once per version of a job and kept in the process.

A search page shows 20 cards; through the template engine each cost ~0.6 ms, the
biggest part of a page after the filter panel. A card depends only on its job (and
the job's company and skills) and on which Save button it shows, so the rendered
HTML is kept per process, keyed by the job's and its company's `updated_at`, the
button and the day (the card says "Posted 2 days ago"). A job's skills change only
through job_update, which moves `updated_at`; a skill renamed in the admin shows
within CARD_LIFETIME.
"""

import threading
import time
from collections import OrderedDict

from django.db.models import prefetch_related_objects
from django.template.loader import get_template
from django.utils import timezone

from listings.models.job_queries import card_skills

CARD_TEMPLATE = "listings/includes/job_card.html"
MAX_CARDS = 2000  # ~2.5 kB each: a few MB per process
CARD_LIFETIME = 600  # seconds

_cards = OrderedDict()
_lock = threading.Lock()


def render_card(job, *, saved_job_ids, user):
    """The card of `job`, from the process's cards when the job's version is there."""
    key = _key(job, saved_job_ids, user)
    if key is not None:
        with _lock:
            html = _cards.get(key)
            if html is not None:
                _cards.move_to_end(key)
                return html
    html = get_template(CARD_TEMPLATE).render({"job": job, "saved_job_ids": saved_job_ids, "user": user})
    if key is not None:
        with _lock:
            _cards[key] = html
            while len(_cards) > MAX_CARDS:
                _cards.popitem(last=False)
    return html


def prepare_cards(jobs, *, saved_job_ids, user):
    """Fetch, in one query, the skills of the cards among `jobs` (from for_cards())
    that this process has not kept yet; a page whose cards are all kept reads none."""
    with _lock:
        missing = [job for job in jobs if _key(job, saved_job_ids, user) not in _cards]
    if missing:
        prefetch_related_objects(missing, card_skills())
    return jobs


def _key(job, saved_job_ids, user):
    """None when the job wasn't loaded with its versions (the card is rendered as is)."""
    # A loaded field is in the instance's __dict__ (get_deferred_fields() walks every field).
    if "updated_at" not in job.__dict__ or "company" not in job._state.fields_cache:
        return None
    if "updated_at" not in job.company.__dict__:
        return None
    if saved_job_ids is None:
        button = "none"
    elif not user.is_authenticated:
        button = "log in"
    else:
        button = "saved" if job.pk in saved_job_ids else "save"
    # The date too: "Posted yesterday" must not outlive midnight (listings.dates).
    return (
        job.pk,
        job.updated_at,
        job.company.updated_at,
        button,
        int(time.time() // CARD_LIFETIME),
        timezone.localdate(),
    )


def clear():
    with _lock:
        _cards.clear()
