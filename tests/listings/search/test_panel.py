"""The filter panel rendered fast (listings/search/panel.py) is the markup Django's
widgets render, whatever is selected."""

import random
from time import monotonic

import pytest
from django.template.loader import render_to_string
from django_countries import countries

from listings.models import Skill
from listings.search import panel, taxonomy
from listings.search.filters import POSTED_WITHIN_CHOICES, SORT_CHOICES, JobFilterSet

pytestmark = pytest.mark.django_db

LEVELS = ["entry", "mid", "senior", "lead"]
MODES = ["remote", "hybrid", "onsite"]
TYPES = ["full_time", "part_time", "contract", "temporary", "internship"]
SPECIALISATIONS = ["apis", "data", "microservices", "ml", "cloud"]


def slow(filterset):
    """Each piece rendered the usual way, straight from the bound fields."""
    form = filterset.form

    def field(name, template="listings/includes/checkboxes.html"):
        return render_to_string(template, {"field": form[name]})

    return {
        "country": field("country", "listings/includes/field.html"),
        "currency": field("currency", "listings/includes/field.html"),
        "posted": field("posted", "listings/includes/field.html"),
        "sort": field("sort", "listings/includes/field.html"),
        "level": field("level", "listings/includes/level_choices.html"),
        "work_mode": field("work_mode"),
        "employment_type": field("employment_type"),
        "skills": render_to_string(
            "listings/includes/skill_choices.html", {"groups": filterset.skill_groups()}
        ),
        "specialisation_facets": render_to_string(
            "listings/includes/specialisations.html",
            {
                "choices": filterset.specialisation_choices(),
                "label": form["specialisation"].label,
                "extra": "facets",
            },
        ),
    }


def random_search(rng, skills):
    def some(values):
        return rng.sample(values, rng.randint(0, len(values)))

    data = {
        "level": some(LEVELS),
        "work_mode": some(MODES),
        "employment_type": some(TYPES),
        "specialisation": some(SPECIALISATIONS),
        "skills": some(skills)[:10],
        "country": rng.choice(["", "DE", "US", "AX", "GB", "nonsense"]),
        "currency": rng.choice(["", "EUR", "USD", "XXX"]),
        "posted": rng.choice(["", *[value for value, _ in POSTED_WITHIN_CHOICES]]),
        "sort": rng.choice(["", *[value for value, _ in SORT_CHOICES], "junk"]),
    }
    return {name: value for name, value in data.items() if value}


@pytest.mark.parametrize("seed", range(12))
def test_the_fast_panel_is_the_markup_django_renders(seed):
    rng = random.Random(seed)
    skills = list(Skill.objects.values_list("slug", flat=True))
    filterset = JobFilterSet(random_search(rng, skills))

    expected = slow(filterset)
    fast = filterset.panel

    for name, html in expected.items():
        assert str(getattr(fast, name)) == html, name


def test_nothing_chosen_renders_like_an_empty_search():
    filterset = JobFilterSet({})

    for name, html in slow(filterset).items():
        assert str(getattr(filterset.panel, name)) == html, name


def test_a_skill_renamed_in_the_admin_shows_at_once(client):
    JobFilterSet({}).panel.skills  # noqa: B018 - fills the caches
    skill = Skill.objects.get(slug="django")
    skill.name = "Django (the web framework)"
    skill.save()

    assert "Django (the web framework)" in JobFilterSet({}).panel.skills


def test_a_skill_renamed_by_another_process_shows_within_a_minute(client, monkeypatch):
    JobFilterSet({}).panel.skills  # noqa: B018 - fills the caches
    # Another process's save sends no signal here.
    Skill.objects.filter(slug="django").update(name="Django (the web framework)")
    soon = JobFilterSet({}).panel.skills
    a_minute_on = monotonic() + taxonomy.TAXONOMY_SECONDS + 1
    monkeypatch.setattr(taxonomy, "monotonic", lambda: a_minute_on)

    assert "Django (the web framework)" not in soon
    assert "Django (the web framework)" in JobFilterSet({}).panel.skills


def test_every_country_is_offered_and_one_can_be_chosen():
    html = JobFilterSet({"country": "DE"}).panel.country

    assert html.count("<option") == len(countries) + 1
    assert '<option value="DE" selected>' in html
    assert html.count(" selected>") == 1


@pytest.fixture(autouse=True)
def _fresh_blanks():
    panel.clear()
    yield
    panel.clear()
