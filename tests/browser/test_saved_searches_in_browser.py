"""A seeker saves the search they are looking at, with htmx, and finds it on their saved-searches page."""

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from listings.models import SavedSearch
from tests.browser.actions import log_in
from tests.factories import JobFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_seeker_saves_a_search_from_the_results_and_finds_it_listed(page):
    JobFactory(published=True, title="Django Payments Engineer", work_mode="remote")
    seeker = UserFactory(seeker=True)
    log_in(page, seeker, quote("/jobs/?q=django&work_mode=remote"))
    expect(page).to_have_url(re.compile(r"/jobs/\?q=django&work_mode=remote$"))
    page.wait_for_load_state("load")
    loads = []
    page.on("load", lambda _: loads.append(page.url))

    page.get_by_text("Save this search").click()
    name = page.get_by_label("Name")
    expect(name).to_have_value("django, remote")
    name.fill("Remote Django")
    page.get_by_label("Email me new jobs").select_option("weekly")  # a change must not re-run the search
    expect(name).to_have_value("Remote Django")
    page.get_by_role("button", name="Save search").click()

    expect(page.locator("#save-search")).to_contain_text("Saved “Remote Django”")
    assert loads == []  # swapped in place by htmx
    saved = SavedSearch.objects.get(user=seeker)
    assert (saved.query, saved.frequency) == ("q=django&work_mode=remote", "weekly")

    page.get_by_role("link", name="Manage your saved searches").click()
    expect(page.get_by_role("heading", name="Remote Django")).to_be_visible()
    expect(page.get_by_text("django, remote")).to_be_visible()
