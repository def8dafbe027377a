"""Junk in, never a 500: the pages of matching and saved searches under odd input."""

import pytest
from django.urls import reverse

from listings.models import SavedSearch
from tests.factories import CompanyFactory, JobFactory, SavedSearchFactory, UserFactory, employer_of

pytestmark = pytest.mark.django_db

JUNK = [
    "",
    "0",
    "-1",
    "99999999999999999999999",
    "abc",
    "%00",
    "\x00\x01",
    "☃" * 300,
    "x" * 5000,
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "q=django&page=2&sort=salary&skills=django&skills=nope",
]


@pytest.fixture
def seeker():
    return UserFactory(seeker=True)


@pytest.mark.parametrize("junk", JUNK)
def test_seeker_pages_take_junk_parameters(seeker_client, seeker, junk):
    SavedSearchFactory(user=seeker)

    for url in (reverse("listings:recommended"), reverse("searches:list")):
        response = seeker_client.get(url, {"page": junk, "q": junk})
        assert response.status_code == 200, url


@pytest.mark.parametrize("junk", JUNK)
def test_saving_junk_is_a_clear_refusal_or_a_normalised_search(seeker_client, junk):
    for headers in ({}, {"HX-Request": "true"}):
        response = seeker_client.post(
            reverse("searches:create"),
            {"name": junk, "frequency": junk or "daily", "query": junk, "role": junk},
            headers=headers,
        )
        assert response.status_code in (200, 302, 400)
    for saved in SavedSearch.objects.all():
        assert len(saved.query) <= 2000
        assert "\x00" not in saved.name


@pytest.mark.parametrize("junk", JUNK)
def test_editing_with_junk_changes_nothing(seeker_client, seeker, junk):
    saved = SavedSearchFactory(user=seeker, name="Remote Django", frequency="weekly")

    response = seeker_client.post(
        reverse("searches:edit", args=[saved.pk]),
        {"name": junk, "frequency": junk, "alerts_enabled": junk},
    )

    assert response.status_code in (200, 302, 400)
    saved.refresh_from_db()
    assert saved.frequency in ("daily", "weekly")
    assert saved.name.strip()


@pytest.mark.parametrize("junk", [*JUNK, "eyJzIjoxfQ:1abc:def", "a" * 300 + ":" + "b" * 300])
def test_unsubscribe_tokens_that_are_not_ours_get_400(client, junk):
    token = junk.replace("/", "_") or "x"
    saved = SavedSearchFactory()

    for method in (client.get, client.post):
        response = method(reverse("searches:unsubscribe", args=[token]))
        assert response.status_code == 400
    saved.refresh_from_db()
    assert saved.alerts_enabled


@pytest.mark.parametrize("junk", JUNK)
def test_the_candidates_page_takes_junk_page_numbers(client, junk):
    company = CompanyFactory()
    client.force_login(employer_of(company))
    job = JobFactory(company=company, published=True)

    response = client.get(reverse("employer:job_candidates", args=[job.pk]), {"page": junk})

    assert response.status_code == 200
