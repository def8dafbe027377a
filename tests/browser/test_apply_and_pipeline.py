"""The whole story in a browser: a seeker applies, the employer moves them to interview
with htmx, the seeker sees it and is emailed."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from applications.models import Application
from tests.browser.actions import log_in
from tests.factories import CompanyFactory, JobFactory, UserFactory, employer_of

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_seeker_applies_and_the_employer_moves_them_to_interview_with_htmx(page, second_page):
    employer_page = second_page
    company = CompanyFactory(name="Acme Backend")
    employer = employer_of(company)
    job = JobFactory(company=company, published=True, title="Senior Django Engineer")
    seeker = UserFactory(seeker=True, full_name="Ada Lovelace")

    # The seeker adds a resume to their profile…
    log_in(page, seeker, "/accounts/profile/")
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
    page.get_by_label("Headline").fill("Backend developer: Django, PostgreSQL")
    page.locator('input[type="file"][name="resume"]').set_input_files(
        {"name": "ada-cv.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Your profile was saved.")).to_be_visible()
    expect(page.locator(".profile-resume")).to_contain_text("ada-cv.pdf")

    # …applies from the job page with a cover letter…
    page.goto(job.get_absolute_url())
    page.get_by_role("link", name="Apply", exact=True).click()
    expect(page.get_by_role("heading", name="Apply: Senior Django Engineer")).to_be_visible()
    page.get_by_label("Cover letter").fill("I have built payment APIs with Django for five years.")
    page.get_by_role("button", name="Send application").click()

    # …sees the confirmation, then the timeline.
    expect(page.get_by_role("heading", name="Application sent")).to_be_visible()
    page.get_by_role("link", name="See your application").click()
    expect(page.locator(".timeline__label")).to_have_text(["Submitted"])
    application = Application.objects.get()
    assert (application.job, application.seeker, application.resume_name) == (job, seeker, "ada-cv.pdf")

    # The employer, in another browser, opens the board of the job.
    log_in(employer_page, employer, f"/employer/jobs/{job.pk}/applicants/")
    expect(employer_page.get_by_role("heading", name="Applicants for Senior Django Engineer")).to_be_visible()
    new_column = employer_page.locator("#column-submitted")
    expect(new_column).to_contain_text("Ada Lovelace")
    expect(new_column.locator(".badge--new")).to_have_text("New")

    # Moving with htmx swaps the board in place: a marker set on this page survives.
    employer_page.evaluate("window.notReloaded = true")
    card = employer_page.locator(f"#application-{application.pk}")
    card.get_by_label("Move Ada Lovelace to").select_option("interview")
    card.get_by_role("button", name="Move").click()

    interview_column = employer_page.locator("#column-interview")
    expect(interview_column).to_contain_text("Ada Lovelace")
    expect(new_column).not_to_contain_text("Ada Lovelace")
    expect(employer_page.locator("#board .message--success")).to_have_text(
        "Ada Lovelace moved to “Interview”. We emailed them the news."
    )
    assert employer_page.evaluate("window.notReloaded") is True
    # pipeline.js keeps the keyboard on the card that moved.
    expect(interview_column.get_by_role("link", name="Ada Lovelace")).to_be_focused()

    # The seeker reloads their application: they are invited to interview, and were emailed.
    page.reload()
    expect(page.locator(".application-head__status")).to_have_text("Interview")
    expect(page.locator(".timeline__label")).to_have_text(["Submitted", "Interview"])
    application.refresh_from_db()
    assert application.status == "interview"
    interview_emails = [email for email in mail.outbox if "would like to interview you" in email.subject]
    assert len(interview_emails) == 1
    assert interview_emails[0].to == [seeker.email]
    assert "Senior Django Engineer" in interview_emails[0].subject

    assert page.csp_violations == []
    assert employer_page.csp_violations == []
