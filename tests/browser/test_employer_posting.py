import pytest
from playwright.sync_api import expect

from listings.models import Job
from tests.browser.actions import log_in
from tests.factories import CompanyFactory, employer_of

pytestmark = pytest.mark.django_db(transaction=True)


def test_employer_posts_a_job_with_live_preview_and_submits_it_for_review(page):
    employer = employer_of(CompanyFactory(name="Acme Backend"))
    log_in(page, employer, "/employer/jobs/")
    page.get_by_role("link", name="Post a job").first.click()
    expect(page.get_by_role("heading", name="Post a job")).to_be_visible()

    page.get_by_label("Job title").fill("Senior Django Engineer")
    page.get_by_label("Level").select_option("senior")
    page.get_by_label("Open to juniors").check()

    # The preview follows the Markdown as it is typed (htmx, debounced).
    description = page.get_by_label("Description")
    description.press_sequentially("## Our team\n\nWe build **payment APIs** with Django.")
    preview = page.locator("#description-preview")
    expect(preview.locator("h2")).to_have_text("Our team")
    expect(preview.locator("strong")).to_have_text("payment APIs")

    required = page.locator("#id_required_skills")
    required.get_by_label("Python", exact=True).check()
    required.get_by_label("Django", exact=True).check()
    page.locator("#id_nice_skills").get_by_label("Docker", exact=True).check()

    # Remote: the applicant locations show; on-site hides them and requires a country.
    applicant_locations = page.locator("#applicant-locations")
    page.get_by_label("On-site").check()
    expect(applicant_locations).to_be_hidden()
    expect(page.get_by_label("Country", exact=True)).to_have_attribute("required", "")
    page.get_by_label("Remote").check()
    expect(applicant_locations).to_be_visible()
    applicant_locations.get_by_label("Europe", exact=True).check()

    page.get_by_label("Minimum").fill("70000")
    page.get_by_label("Maximum").fill("90000")
    page.get_by_label("Currency").select_option("EUR")
    page.get_by_label("We sponsor work visas").check()
    page.get_by_role("button", name="Save and preview").click()

    expect(page.get_by_role("heading", name="Senior Django Engineer")).to_be_visible()
    expect(page.locator(".preview-banner .badge")).to_have_text("Draft")
    expect(page.locator(".job-preview strong").first).to_have_text("payment APIs")
    page.get_by_role("button", name="Submit for review").click()

    expect(page.get_by_role("heading", name="Jobs at Acme Backend")).to_be_visible()
    expect(page.get_by_text("was submitted for review")).to_be_visible()
    expect(page.locator(".employer-job .badge")).to_have_text("Pending review")
    job = Job.objects.get()
    assert job.status == Job.Status.PENDING
    assert job.posted_by == employer
    assert set(job.applicant_locations.values_list("code", flat=True)) == {"EUROPE"}
    assert page.csp_violations == []


def test_server_side_errors_show_by_the_field_and_nothing_is_lost(page):
    employer = employer_of(CompanyFactory(name="Acme Backend"))
    log_in(page, employer, "/employer/jobs/new/")

    page.get_by_label("Job title").fill("Backend Engineer")
    page.get_by_label("Level").select_option("mid")
    page.get_by_label("Description").fill("Build things.")
    page.locator("#id_required_skills").get_by_label("Python", exact=True).check()
    page.locator("#id_nice_skills").get_by_label("Python", exact=True).check()
    page.get_by_label("Remote").check()
    page.locator("#applicant-locations").get_by_label("Anywhere in the world").check()
    page.get_by_label("Minimum").fill("90000")
    page.get_by_label("Maximum").fill("80000")
    page.get_by_role("button", name="Save draft").click()

    expect(page.locator(".form-errors")).to_be_visible()
    expect(page.get_by_text("The maximum must be at least the minimum.")).to_be_visible()
    expect(page.get_by_text("A skill is either required or nice to have, not both: Python.")).to_be_visible()
    expect(page.get_by_label("Job title")).to_have_value("Backend Engineer")
    # site.js puts the focus on the first field in error.
    assert page.evaluate("document.activeElement.getAttribute('aria-invalid')") == "true"
    assert not Job.objects.exists()
    assert page.csp_violations == []
