"""A seeker finds a recommended job with its reasons, then saves a search for alerts."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from listings.models import SavedSearch
from listings.services.matching import job_matches_refresh, seeker_matches_refresh
from tests.browser.actions import log_in
from tests.factories import CompanyFactory, JobFactory, SeekerProfileFactory, employer_of

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_seeker_sees_a_recommended_job_with_its_reasons_and_saves_a_search(page):
    job = JobFactory(
        published=True,
        company=CompanyFactory(name="Quokka Payments"),
        title="Django Payments Engineer",
        level="senior",
        work_mode="remote",
        applicant_locations=["EUROPE"],
        required_skills=["python", "django", "postgresql", "kubernetes"],
        salary_min=80_000,
        salary_max=100_000,
        salary_currency="EUR",
    )
    JobFactory(published=True, title="Data Platform Engineer", required_skills=["kafka", "data-engineering"])
    profile = SeekerProfileFactory(
        level="senior",
        country="DE",
        wants_remote=True,
        desired_salary=90_000,
        desired_currency="EUR",
        skills=["python", "django", "postgresql"],
    )
    seeker = profile.user
    seeker_matches_refresh(user=seeker)

    log_in(page, seeker, "/recommended/")
    expect(page.get_by_role("heading", name="Recommended for you")).to_be_visible()
    recommendation = page.locator(".recommended__item")
    expect(recommendation).to_have_count(1)
    expect(recommendation).to_contain_text("Django Payments Engineer")
    expect(recommendation.locator(".match-reasons")).to_contain_text(
        "You know 3 of the 4 required skills: Django, PostgreSQL, Python; missing: Kubernetes"
    )

    # The job page says the same, in its "How you match" box.
    recommendation.get_by_role("link", name="Django Payments Engineer").click()
    box = page.locator("#how-you-match")
    expect(box).to_contain_text("missing: Kubernetes")

    # A search for such jobs, saved for a weekly email.
    page.goto("/jobs/?q=django&work_mode=remote")
    expect(page.locator("#results")).to_contain_text("Django Payments Engineer")
    page.get_by_text("Save this search").click()
    page.get_by_label("Name").fill("Remote Django")
    page.get_by_label("Email me new jobs").select_option("weekly")
    page.get_by_role("button", name="Save search").click()
    expect(page.locator("#save-search")).to_contain_text("Manage your saved searches")

    page.get_by_role("link", name="Manage your saved searches").click()
    expect(page.get_by_role("heading", name="Saved searches")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Remote Django")

    saved = SavedSearch.objects.get(user=seeker)
    assert saved.name == "Remote Django"
    assert saved.frequency == "weekly"
    assert "q=django" in saved.query
    assert "work_mode=remote" in saved.query
    assert job.matches.filter(seeker=seeker).exists()
    assert page.csp_violations == []


def test_an_employer_invites_a_suggested_candidate_with_a_note(page):
    company = CompanyFactory(name="Quokka Payments")
    employer = employer_of(company)
    job = JobFactory(
        published=True,
        company=company,
        title="Django Payments Engineer",
        level="senior",
        work_mode="remote",
        applicant_locations=["EUROPE"],
        required_skills=["python", "django", "postgresql"],
    )
    candidate = SeekerProfileFactory(
        level="senior", country="DE", wants_remote=True, open_to_matching=True, headline="Django person"
    ).user
    job_matches_refresh(job=job)

    log_in(page, employer, f"/employer/jobs/{job.pk}/candidates/")
    card = page.locator(".candidate").filter(has_text="Django person")
    expect(card).to_be_visible()
    page.evaluate("window.notReloaded = true")

    card.get_by_text("Add a note").click()
    note = card.get_by_label("Note")
    note.fill("We loved your profile.")
    expect(card.locator(".char-counter")).to_have_text("22 / 1000 characters")
    card.get_by_role("button", name="Invite to apply").click()

    expect(card.locator(".invite-box__done")).to_contain_text("Invited on")
    assert page.evaluate("window.notReloaded") is True
    invitations = [email for email in mail.outbox if email.to == [candidate.email]]
    assert len(invitations) == 1
    assert "We loved your profile." in invitations[0].body
    assert job.get_absolute_url() in invitations[0].body
    assert page.csp_violations == []
