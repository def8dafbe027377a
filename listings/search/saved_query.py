"""Saved searches' query strings, read through the job search's FilterSet.

A saved search stores the query string of a search, normalised by the same
JobFilterSet the /jobs/ page uses: only known filters with valid values, in a
stable order, without the page number. The same FilterSet later finds the jobs
of its digests and describes it in words, so a saved search means exactly what
the search page showed.
"""

from urllib.parse import urlencode

import django_filters
from django.http import QueryDict
from django_countries import countries

from listings.models import Skill

from .filters import POSTED_WITHIN_CHOICES, JobFilterSet

# Not part of what a saved search means: the page, and (for digests) the order.
IGNORED_PARAMS = ("page",)
SUMMARY_LABELS = {
    "juniors": "open to juniors",
    "visa": "visa sponsorship",
    "relocation": "relocation help",
    "direct": "direct employers",
}


def load_skills():
    """The skill taxonomy as JobFilterSet loads it: once per page or per digest run."""
    return list(
        Skill.objects.only("pk", "name", "slug", "category", "specialisation", "aliases").order_by("name")
    )


class SavedSearchFilterSet(JobFilterSet):
    """JobFilterSet with the skill taxonomy handed in, so that reading hundreds of
    saved searches (the list page, a digest run) loads the taxonomy once, not once each."""

    def __init__(self, data=None, queryset=None, *, skill_list, **kwargs):
        django_filters.FilterSet.__init__(self, data, queryset=queryset, **kwargs)
        self.skill_list = skill_list
        self.skill_ids = {skill.slug: skill.pk for skill in skill_list}
        self.filters["skills"].extra["choices"] = [(skill.slug, skill.name) for skill in skill_list]


def query_data(query):
    """A query string (or a QueryDict / dict of lists) as a mutable QueryDict without the page."""
    if isinstance(query, QueryDict):
        data = query.copy()
    elif isinstance(query, dict):
        data = QueryDict(mutable=True)
        for key, values in query.items():
            data.setlist(key, values if isinstance(values, list | tuple) else [values])
    else:
        data = QueryDict(str(query or ""), mutable=True)
    for name in IGNORED_PARAMS:
        data.pop(name, None)
    return data


def saved_search_filterset(query, *, skill_list, queryset=None):
    return SavedSearchFilterSet(query_data(query), queryset=queryset, skill_list=skill_list)


def normalise_query(query, *, skill_list):
    """(normalised query string, problems): valid known filters only, sorted, no page."""
    filterset = saved_search_filterset(query, skill_list=skill_list)
    return urlencode(sorted(filterset.cleaned_params())), filterset.problems()


def describe_search(filterset, role=None):
    """The search in words: "django, remote, senior, ≥ 80,000 USD"."""
    params = filterset.cleaned_params()  # validates the form first
    data = filterset.form.cleaned_data
    skill_names = {skill.slug: skill.name for skill in filterset.skill_list}
    parts = []
    for name, value in params:
        field = filterset.form.fields[name]
        if name in ("sort", "currency"):
            continue
        if name == "q":
            parts.append(value)
        elif name == "skills":
            parts.append(skill_names.get(value, value))
        elif name == "salary":
            parts.append(f"≥ {int(value):,} {data.get('currency') or 'USD'}")
        elif name == "country":
            parts.append(f"living in {countries.name(value)}")
        elif name == "posted":
            parts.append(f"posted in the {dict(POSTED_WITHIN_CHOICES)[value].lower()}")
        elif name in SUMMARY_LABELS:
            parts.append(SUMMARY_LABELS[name])
        else:
            parts.append(str(dict(field.choices).get(value, value)).lower())
    summary = ", ".join(parts) or "all jobs"
    return f"{role.name}: {summary}" if role else summary


def describe_query(query, *, skill_list, role=None):
    return describe_search(saved_search_filterset(query, skill_list=skill_list), role)
