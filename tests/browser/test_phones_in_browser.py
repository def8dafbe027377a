"""The site on a 390 px phone and a 1280 px laptop: the filter sheet, the compact menu,
one search box per page, the first result without scrolling, tap targets of 24 px."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.actions import log_in
from tests.factories import (
    ApplicationFactory,
    CompanyFactory,
    JobFactory,
    RoleFactory,
    SeekerProfileFactory,
    UserFactory,
    employer_of,
)

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}


@pytest.fixture
def jobs(_data_migration_rows):
    company = CompanyFactory(name="Acme Backend")
    JobFactory(company=company, published=True, title="Django Payments Engineer", work_mode="remote")
    JobFactory(company=company, published=True, title="FastAPI Platform Engineer", work_mode="remote")
    JobFactory(
        company=company,
        published=True,
        title="Flask Data Engineer",
        work_mode="onsite",
        city="Lisbon",
        country="PT",
    )
    return company


@pytest.fixture
def seeker(jobs):
    return SeekerProfileFactory(
        user=UserFactory(seeker=True, full_name="Ada Lovelace"), with_resume=True
    ).user


def result_titles(page):
    return page.locator("#results .job-card__title")


def test_on_a_phone_the_filters_open_as_a_sheet_that_counts_and_leads_to_the_results(page, jobs):
    page.set_viewport_size(PHONE)
    page.goto("/jobs/")
    filters = page.locator("#search-filters")

    filters.locator(".filters__toggle").click()
    # The sheet covers the screen; its button is in reach without scrolling.
    box = filters.bounding_box()
    assert (box["x"], box["y"], box["width"], box["height"]) == (0, 0, 390, 844)
    show = filters.locator("[data-show-results]")
    expect(show).to_be_in_viewport()
    expect(show).to_have_text("Show 3 jobs")

    filters.get_by_role("checkbox", name="On-site").check()
    expect(show).to_have_text("Show 1 job")
    expect(filters.locator(".filters__toggle")).to_have_text("Filters · 1 active")
    expect(page).to_have_url(re.compile(r"/jobs/\?work_mode=onsite$"))

    show.click()
    expect(filters).not_to_have_attribute("open", "")
    expect(page.locator("#results-count")).to_be_in_viewport()
    expect(page.locator("#results-count")).to_be_focused()
    expect(result_titles(page)).to_have_text(["Flask Data Engineer"])

    # Escape closes the sheet too.
    filters.locator(".filters__toggle").click()
    expect(show).to_be_in_viewport()
    page.keyboard.press("Escape")
    expect(show).to_be_hidden()
    assert page.csp_violations == []


def test_results_being_loaded_show_an_indicator(page, jobs):
    page.set_viewport_size(PHONE)
    page.goto("/jobs/")
    # Hold the next results back so the page can be seen waiting for them.
    page.route("**/jobs/?*", lambda route: page.wait_for_timeout(800) or route.continue_())
    page.locator("#search-filters .filters__toggle").click()
    page.get_by_role("checkbox", name="Remote").check()

    expect(page.locator("#search-filters .spinner")).to_be_visible()
    expect(page.locator("#results")).to_have_class(re.compile(r"\bhtmx-request\b"))
    expect(page.locator("[data-show-results]")).to_have_text("Show 2 jobs")
    expect(page.locator("#search-filters .spinner")).to_be_hidden()


def test_on_a_laptop_the_filters_sit_beside_the_results_without_a_sheet(page, jobs):
    page.set_viewport_size(LAPTOP)
    page.goto("/jobs/")
    filters = page.locator("#search-filters")

    expect(filters.locator(".filters__toggle")).to_be_hidden()
    filters.get_by_role("checkbox", name="Remote").check()
    expect(result_titles(page)).to_have_count(2)
    assert filters.evaluate("panel => getComputedStyle(panel).position") == "static"
    expect(filters.locator("[data-show-results]")).to_have_text("Update results")


def test_on_a_phone_the_header_is_one_row_and_the_menu_a_disclosure(page, seeker):
    page.set_viewport_size(PHONE)
    log_in(page, seeker, "/applications/")
    header = page.locator(".site-header")
    menu = header.get_by_role("navigation", name="Account")

    assert header.bounding_box()["height"] <= 64
    expect(menu.get_by_role("link", name="My applications")).to_be_hidden()
    header.get_by_text("Menu").click()
    expect(menu.get_by_role("link", name="Saved jobs")).to_be_visible()
    page.keyboard.press("Escape")
    expect(menu.get_by_role("link", name="Saved jobs")).to_be_hidden()

    header.get_by_text("Menu").click()
    menu.get_by_role("link", name="Saved jobs").click()
    expect(page).to_have_url(re.compile(r"/applications/saved/$"))

    # A laptop shows the links in the bar, with no toggle.
    page.set_viewport_size(LAPTOP)
    expect(header.get_by_text("Menu")).to_be_hidden()
    expect(menu.get_by_role("link", name="My applications")).to_be_visible()
    assert page.csp_violations == []


@pytest.fixture
def page_without_javascript(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_the_compact_menu_works_without_javascript(page_without_javascript, seeker):
    page = page_without_javascript
    page.set_viewport_size(PHONE)
    log_in(page, seeker, "/applications/")
    menu = page.get_by_role("navigation", name="Account")

    expect(menu.get_by_role("link", name="Profile")).to_be_hidden()
    page.locator(".site-header").get_by_text("Menu").click()
    menu.get_by_role("link", name="Profile").click()
    expect(page).to_have_url(re.compile(r"/accounts/profile/$"))

    page.set_viewport_size(LAPTOP)
    expect(menu.get_by_role("link", name="Profile")).to_be_visible()


def test_on_a_phone_the_first_result_shows_without_scrolling_even_signed_in(page, seeker):
    page.set_viewport_size(PHONE)
    log_in(page, seeker, "/jobs/")
    page.wait_for_url("**/jobs/")
    # Measured once search.js has folded the filters (a deferred script: after parsing).
    expect(page.locator("details[data-fold-on-small-screens]").first).not_to_have_attribute("open", "")

    first = page.locator("#results .job-card").first
    expect(first).to_be_visible()
    box = first.bounding_box()
    # The card's title and company, at least, above the fold.
    assert box["y"] + 60 <= PHONE["height"], box


def test_on_a_phone_a_role_pages_intro_folds_so_the_jobs_come_sooner(page, jobs):
    role = RoleFactory(skills=["django"])
    page.set_viewport_size(PHONE)
    page.goto(role.get_absolute_url())
    intro = page.get_by_text("Server-side Python")

    expect(intro).to_be_hidden()
    page.get_by_text("About the role").click()
    expect(intro).to_be_visible()
    expect(page.locator(".role-intro__skills").get_by_role("link", name="Django")).to_be_visible()

    page.set_viewport_size(LAPTOP)
    expect(page.get_by_text("About the role")).to_be_hidden()
    expect(intro).to_be_visible()


@pytest.mark.parametrize("path", ["/", "/jobs/"])
def test_a_page_with_its_own_search_box_has_no_second_one(page, jobs, path):
    page.goto(path)

    expect(page.get_by_role("search")).to_have_count(1)
    expect(page.get_by_role("searchbox")).to_have_count(1)


def test_other_pages_keep_the_header_search(page, jobs):
    page.set_viewport_size(LAPTOP)
    page.goto("/accounts/login/")

    page.get_by_role("search").get_by_role("searchbox").fill("django")
    page.get_by_role("search").get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/jobs/\?q=django$"))


# Links inside a sentence are exempt (WCAG 2.5.8); a checkbox's target is its label.
SMALL_TARGETS = """() => {
  const small = [];
  const controls = 'a[href], button, input:not([type=hidden]), select, textarea, summary';
  for (const el of document.querySelectorAll(controls)) {
    const target = (el.type === 'checkbox' || el.type === 'radio') && el.labels.length ? el.labels[0] : el;
    const box = target.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1 || getComputedStyle(el).visibility === 'hidden') continue;
    const parent = el.parentElement;
    const inSentence = el.tagName === 'A' && getComputedStyle(el).display === 'inline'
      && parent.textContent.trim() !== el.textContent.trim();
    if (!inSentence && (box.width < 24 || box.height < 24)) {
      const name = (el.textContent || el.name).trim().slice(0, 40);
      small.push(`${el.tagName} "${name}" ${box.width}x${box.height}`);
    }
  }
  return small;
}"""


def small_targets(page, path):
    page.goto(path)
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    return page.evaluate(SMALL_TARGETS)


def test_every_control_is_at_least_24_px_on_a_phone(page, second_page, seeker, jobs):
    job = jobs.jobs.first()
    application = ApplicationFactory(job=job, seeker=seeker)
    page.set_viewport_size(PHONE)
    second_page.set_viewport_size(PHONE)
    for path in [
        "/",
        "/jobs/",
        job.get_absolute_url(),
        "/accounts/login/",
        "/accounts/signup/",
        "/insights/",
    ]:
        assert small_targets(page, path) == [], path

    log_in(page, seeker, "/")
    other_job = jobs.jobs.exclude(pk=job.pk).first()
    seeker_pages = [
        "/jobs/",
        "/applications/",
        f"/applications/{application.pk}/",
        "/accounts/profile/",
        "/messages/",
    ]
    for path in [*seeker_pages, f"/applications/apply/{other_job.pk}/", "/applications/saved/", "/searches/"]:
        assert small_targets(page, path) == [], path

    log_in(second_page, employer_of(jobs), "/")
    employer_pages = ["/employer/jobs/", "/employer/jobs/new/", f"/employer/jobs/{job.pk}/applicants/"]
    api_pages = ["/employer/api/keys/", "/employer/api/webhooks/"]
    for path in [
        *employer_pages,
        f"/employer/applications/{application.pk}/",
        "/employer/company/",
        *api_pages,
    ]:
        assert small_targets(second_page, path) == [], path
