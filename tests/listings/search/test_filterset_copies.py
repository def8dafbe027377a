"""Each search's FilterSet has filters of its own, copied cheaply from the class's
(listings/search/filterset_base.py), and the class's filters keep no search's state."""

import pytest

from listings.search.filters import JobFilterSet
from tests.factories import JobFactory

pytestmark = pytest.mark.django_db


def test_two_searches_at_once_keep_their_own_filters():
    JobFactory(published=True, level="senior", open_to_juniors=False, title="Senior")
    JobFactory(published=True, level="entry", title="Entry")

    juniors = JobFilterSet({"juniors": "on"})
    anyone = JobFilterSet({})

    assert [job.title for job in juniors.qs] == ["Entry"]
    assert sorted(job.title for job in anyone.qs) == ["Entry", "Senior"]
    for name, filter_ in juniors.filters.items():
        assert filter_.parent is juniors
        assert filter_ is not anyone.filters[name]
        assert not hasattr(JobFilterSet.base_filters[name], "parent")
    # A method filter runs on its own search (django-filter's FilterMethod is rebound).
    assert juniors.filters["juniors"].filter.f is juniors.filters["juniors"]


def test_searches_share_one_form_class_per_taxonomy():
    assert type(JobFilterSet({}).form) is type(JobFilterSet({"q": "django"}).form)
