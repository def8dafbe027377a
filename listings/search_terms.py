"""Typo tolerance for job search: each query word that is close to a word of the
field's vocabulary (skill names and aliases, common job-title words) also
searches for that word, so "djnago" finds Django jobs on SQLite and PostgreSQL.
"""

import re
from difflib import get_close_matches

COMMON_WORDS = [
    "developer",
    "engineer",
    "backend",
    "back-end",
    "python",
    "senior",
    "junior",
    "lead",
    "staff",
    "principal",
    "platform",
    "api",
    "apis",
    "software",
    "architect",
    "remote",
    "hybrid",
    "contract",
    "freelance",
    "data",
    "infrastructure",
    "devops",
    "cloud",
    "web",
    "services",
    "distributed",
    "microservices",
    "machine",
    "learning",
    "entry",
    "graduate",
    "intern",
    "mid",
]
MIN_WORD_LENGTH = 4
SIMILARITY_CUTOFF = 0.75
WORD = re.compile(r"[a-z0-9+#.\-]+")


def search_vocabulary(skills=None):
    """Lower-case words people search for: common title words and the skills'
    names and aliases (from `skills` if given, else the database)."""
    if skills is None:
        from .models import Skill  # models import this module for JobQuerySet.search

        skills = Skill.objects.only("name", "aliases")
    words = set(COMMON_WORDS)
    for skill in skills:
        for phrase in [skill.name, *skill.aliases]:
            words.update(WORD.findall(phrase.lower()))
    return sorted(words)


def word_variants(text, skills=None):
    """[[word, corrections…] for each word of the query]."""
    vocabulary = search_vocabulary(skills)
    known = set(vocabulary)
    variants = []
    for word in text.split():
        lowered = word.lower()
        corrections = []
        if len(lowered) >= MIN_WORD_LENGTH and lowered not in known:
            corrections = get_close_matches(lowered, vocabulary, n=2, cutoff=SIMILARITY_CUTOFF)
        variants.append([word, *corrections])
    return variants
