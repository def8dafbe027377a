"""A visitor searches jobs in a real browser: live results, the URL, the back button, no JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import JobFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def jobs(_data_migration_rows):
    JobFactory(
        published=True, title="Django Payments Engineer", required_skills=["django"], work_mode="remote"
    )
    JobFactory(
        published=True,
        title="FastAPI Platform Engineer",
        description="Async services.",
        required_skills=["fastapi"],
        work_mode="remote",
    )
    JobFactory(
        published=True,
        title="Flask Data Engineer",
        description="Pipelines.",
        required_skills=["flask"],
        work_mode="onsite",
        city="Lisbon",
        country="PT",
    )


@pytest.fixture
def page_without_javascript(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def result_titles(page):
    return page.locator("#results .job-card__title")


def test_results_follow_typing_and_ticking_without_a_page_load_and_the_back_button_restores_them(page, jobs):
    page.goto("/jobs/")
    expect(result_titles(page)).to_have_count(3)
    loads = []
    page.on("load", lambda _: loads.append(page.url))
    form = page.locator("#search-form")

    # Typing: the results follow after a short pause, and the URL is the search.
    form.get_by_label("Keywords").press_sequentially("fastapi", delay=30)
    expect(result_titles(page)).to_have_text(["FastAPI Platform Engineer"])
    expect(page).to_have_url(re.compile(r"/jobs/\?q=fastapi$"))
    expect(page.locator("#results-count")).to_contain_text("1 open job for “fastapi”")

    # A broader keyword, then a filter ticked: live again.
    form.get_by_label("Keywords").fill("engineer")
    expect(result_titles(page)).to_have_count(3)
    expect(page).to_have_url(re.compile(r"/jobs/\?q=engineer$"))
    form.get_by_role("checkbox", name="On-site").check()
    expect(result_titles(page)).to_have_text(["Flask Data Engineer"])
    expect(page).to_have_url(re.compile(r"/jobs/\?q=engineer&work_mode=onsite$"))

    # Sorting lives in the results and updates them too.
    page.get_by_label("Sort by").select_option("newest")
    expect(page).to_have_url(re.compile(r"work_mode=onsite&sort=newest$"))
    expect(result_titles(page)).to_have_text(["Flask Data Engineer"])

    assert loads == []  # every update was a fragment, not a page load

    # Back: the previous results come back, and the form shows that search again.
    page.go_back()
    expect(page).to_have_url(re.compile(r"/jobs/\?q=engineer&work_mode=onsite$"))
    page.go_back()
    expect(page).to_have_url(re.compile(r"/jobs/\?q=engineer$"))
    expect(result_titles(page)).to_have_count(3)
    expect(form.get_by_role("checkbox", name="On-site")).not_to_be_checked()
    expect(form.get_by_label("Keywords")).to_have_value("engineer")

    # Removing a filter from the chips updates results and the form alike.
    page.go_forward()
    expect(result_titles(page)).to_have_text(["Flask Data Engineer"])
    expect(form.get_by_role("checkbox", name="On-site")).to_be_checked()
    page.get_by_role("link", name="Remove filter: On-site").click()
    expect(result_titles(page)).to_have_count(3)
    expect(form.get_by_role("checkbox", name="On-site")).not_to_be_checked()
    expect(page).to_have_url(re.compile(r"/jobs/\?q=engineer$"))

    assert page.csp_violations == []


def test_the_same_search_works_with_javascript_disabled(page_without_javascript, jobs):
    page = page_without_javascript
    page.goto("/jobs/")
    form = page.locator("#search-form")
    expect(result_titles(page)).to_have_count(3)

    form.get_by_label("Keywords").fill("engineer")
    form.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/jobs/\?q=engineer&"))
    expect(result_titles(page)).to_have_count(3)

    form.get_by_role("checkbox", name="On-site").check()
    form.get_by_role("button", name="Update results").click()
    expect(result_titles(page)).to_have_text(["Flask Data Engineer"])
    expect(page).to_have_url(re.compile(r"work_mode=onsite"))
    expect(form.get_by_role("checkbox", name="On-site")).to_be_checked()

    page.get_by_role("link", name="Remove filter: On-site").click()
    expect(result_titles(page)).to_have_count(3)

    page.get_by_role("link", name="Flask Data Engineer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Flask Data Engineer")


def test_on_a_phone_the_filters_fold_away_so_the_results_come_first(page, jobs):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/jobs/?q=engineer&work_mode=remote")
    filters = page.locator("#search-filters")
    toggle = filters.locator(".filters__toggle")

    expect(toggle).to_have_text("Filters · 1 active")
    expect(filters.get_by_role("checkbox", name="Remote")).to_be_hidden()
    expect(result_titles(page).first).to_be_in_viewport()

    toggle.click()
    filters.get_by_role("checkbox", name="Remote").uncheck()
    expect(result_titles(page)).to_have_count(3)
    filters.get_by_role("checkbox", name="On-site").check()
    expect(result_titles(page)).to_have_text(["Flask Data Engineer"])
    expect(page).to_have_url(re.compile(r"/jobs/\?q=engineer&work_mode=onsite$"))

    # On a wide screen they are always there, without a toggle.
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(toggle).to_be_hidden()
    expect(filters.get_by_role("checkbox", name="Remote")).to_be_visible()
    assert page.csp_violations == []


def test_without_javascript_the_filters_stay_open_on_a_phone(page_without_javascript, jobs):
    page = page_without_javascript
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/jobs/")

    expect(page.locator("#search-filters").get_by_role("checkbox", name="Remote")).to_be_visible()
