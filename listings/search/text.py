"""The keywords of a job search: the typed text cleaned, its typo tolerance, and the
query it becomes (JobQuerySet.search).

Typo tolerance: each query word that is close to a word of the vocabulary (skill
names and aliases, common job-title words) also searches for that word, so "djnago"
finds Django jobs on SQLite and PostgreSQL. The caller passes the skills the
vocabulary comes from: this module reads no table.
"""

import re
from difflib import get_close_matches

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, models
from django.db.models import Case, F, Q, Value, When

MAX_SEARCH_LENGTH = 200
# websearch_to_tsquery syntax: "a phrase", -exclude, or.
WEBSEARCH_OPERATORS = re.compile(r'"|(^|\s)-\w|\sor\s', re.IGNORECASE)

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


def clean_search_text(text):
    """Printable text only, bounded: NUL bytes and control characters would make
    PostgreSQL refuse the query, and huge strings cost time for nothing."""
    text = "".join(ch if ch.isprintable() else " " for ch in str(text or "")[: MAX_SEARCH_LENGTH * 2])
    return " ".join(text.split())[:MAX_SEARCH_LENGTH]


def search_vocabulary(skills):
    """Lower-case words people search for: common title words and the names and
    aliases of `skills` (Skill rows, or a queryset read only when needed)."""
    words = set(COMMON_WORDS)
    for skill in skills:
        for phrase in [skill.name, *skill.aliases]:
            words.update(WORD.findall(phrase.lower()))
    return sorted(words)


def word_variants(text, skills):
    """[[word, corrections…] for each word of the query]; `skills` as for search_vocabulary."""
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


def keyword_match(queryset, text, skills):
    """`queryset` filtered to the jobs matching the words, and the expression that
    ranks them (higher is better), or None when there are no words.

    PostgreSQL: the weighted tsvector (title > skills > description) through its GIN
    index, ranked by ts_rank; websearch syntax ("quoted phrases", or, -exclude) when
    the query uses it. SQLite: every word must appear in the title, skills or
    description; title matches rank first. `skills` give the vocabulary of typo
    tolerance. The rank is left to the caller: computing it for every match of a
    common word costs more than the rest of the page (rank a bounded set instead,
    see search.pages).
    """
    text = clean_search_text(text)
    if not text:
        return queryset, None
    # Operators ("phrase", -word, or) are taken as written; plain words also
    # match their likely corrections (word_variants).
    precise = bool(WEBSEARCH_OPERATORS.search(text))
    variants = [[word] for word in text.split()] if precise else word_variants(text, skills)[:10]
    if connection.vendor == "postgresql":
        if precise:
            query = SearchQuery(text, search_type="websearch", config="english")
        else:
            query = None
            for alternatives in variants:
                any_of = None
                for word in alternatives:
                    term = SearchQuery(word, search_type="plain", config="english")
                    any_of = term if any_of is None else any_of | term
                query = any_of if query is None else query & any_of
        return queryset.filter(search_vector=query), SearchRank(F("search_vector"), query)
    matches = Q()
    for alternatives in variants:
        any_of = Q()
        for word in alternatives:
            any_of |= (
                Q(title__icontains=word) | Q(skills_text__icontains=word) | Q(description__icontains=word)
            )
        matches &= any_of
    rank = Case(
        When(title__icontains=text, then=Value(1.0)), default=Value(0.5), output_field=models.FloatField()
    )
    return queryset.filter(matches), rank


def keyword_search(queryset, text, skills):
    """keyword_match, with every match annotated with `rank` (0 without words)."""
    matches, rank = keyword_match(queryset, text, skills)
    return matches.annotate(rank=rank if rank is not None else Value(0.0, output_field=models.FloatField()))
