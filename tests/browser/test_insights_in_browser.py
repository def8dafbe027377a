"""The insights in a real browser: charts under the CSP, the currency picked without JavaScript."""

import pytest
from playwright.sync_api import expect

from insights.services import insights_compute_all
from tests.factories import CompanyFactory, JobFactory, RoleFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def role(_data_migration_rows):
    role = RoleFactory(name="Python Backend Developer", skills=["django"])
    for company in CompanyFactory.create_batch(5):
        JobFactory(
            published=True, company=company, salary_min=80_000, salary_max=80_000, required_skills=["django"]
        )
    insights_compute_all()
    return role


def test_the_role_pages_charts_draw_without_csp_violations_and_the_currency_changes(page, role):
    page.goto(role.get_absolute_url())

    insights = page.locator("#insights")
    expect(insights.locator("svg.chart")).to_have_count(5)
    expect(insights.locator("svg.chart .chart__median").first).to_be_visible()
    expect(insights.get_by_role("table").first).to_contain_text("86,400 USD")
    insights.get_by_label("Show salaries in").select_option("EUR")
    insights.get_by_role("button", name="Show").click()

    expect(page).to_have_url(f"{page.url.split('?')[0]}?currency=EUR#insights")
    expect(page.locator("#insights").get_by_role("table").first).to_contain_text("80,000 EUR")
    assert page.csp_violations == []


def test_the_currency_form_works_without_javascript(browser, live_server, role):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/insights/?currency=GBP")
        page.get_by_label("Show salaries in").select_option("CHF")
        page.get_by_role("button", name="Show").click()

        expect(page.locator("#insights").get_by_role("table").first).to_contain_text("76,500 CHF")
    finally:
        context.close()
