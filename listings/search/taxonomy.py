"""The skill taxonomy of the search filters, kept in the process.

Every search validates its skill slugs and renders its checkboxes with the ~45
skills; reading them was one query and ~45 model instances per request. They are
kept for TAXONOMY_SECONDS: saving or deleting a skill forgets them at once in the
process that did it (the admin's), and the other processes read them again within
the minute.
"""

import threading
from time import monotonic

from listings.models import Skill

TAXONOMY_SECONDS = 60

_lock = threading.Lock()
_kept = {"skills": None, "until": 0.0}


def search_skills():
    """The skills by name, with what the search uses of them (a list shared by the
    process's searches: read it, don't change it)."""
    with _lock:
        skills, until = _kept["skills"], _kept["until"]
    if skills is not None and monotonic() < until:
        return skills
    skills = list(
        Skill.objects.only("pk", "name", "slug", "category", "specialisation", "aliases").order_by("name")
    )
    with _lock:
        _kept.update(skills=skills, until=monotonic() + TAXONOMY_SECONDS)
    return skills


def forget(**kwargs):
    """Read the skills again on the next search (a skill was saved or deleted)."""
    with _lock:
        _kept.update(skills=None, until=0.0)
