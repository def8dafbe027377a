"""Sign up with GitHub in a browser, choose seeker, start the profile from GitHub, apply.

GitHub is the loopback stub (tests/social_stub.py): Chromium really is redirected to
its authorise URL, on another origin, and back to our callback; allauth exchanges
the code and reads the recorded user, emails and repositories.
"""

import pytest
from allauth.socialaccount.models import SocialAccount
from playwright.sync_api import expect

from accounts.models import SeekerProfile, User
from applications.models import Application
from tests.factories import CompanyFactory, JobFactory

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_signup_with_github_choose_seeker_profile_prefilled_then_apply(page, providers):
    job = JobFactory(
        company=CompanyFactory(name="Acme Backend"),
        published=True,
        title="Senior Django Engineer",
        required_skills=["django", "postgresql"],
    )

    page.goto("/accounts/signup/")
    page.get_by_role("button", name="Continue with GitHub").click()

    # Back from GitHub: one more step, and no account until it is done.
    expect(page.get_by_role("heading", name="One more step")).to_be_visible()
    assert providers.requests_to("/login/oauth/authorize")
    assert not User.objects.exists()
    page.get_by_label("Looking for a Python backend job").check()
    page.get_by_role("button", name="Create my account").click()

    # The new seeker goes straight on to start their profile from GitHub.
    expect(page.get_by_role("heading", name="Start my profile from GitHub")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    expect(page.get_by_label("Name", exact=True)).to_have_value("Ada Lovelace")
    expect(page.get_by_label("City")).to_have_value("Berlin")
    expect(page.get_by_label("Country")).to_have_value("DE")
    expect(page.get_by_label("Headline", exact=True)).to_have_value(
        "Backend developer: Django, PostgreSQL and Celery. I like boring, fast APIs."
    )
    expect(page.get_by_label("Django", exact=True)).to_be_checked()
    expect(page.get_by_label("Celery")).to_be_checked()
    # Nothing saved yet; the seeker leaves Celery out.
    assert not SeekerProfile.objects.exists()
    page.get_by_label("Celery").uncheck()
    page.get_by_role("button", name="Save what I kept").click()

    # The profile is prefilled with what they kept.
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
    expect(
        page.get_by_text("Saved from GitHub: your name, your headline, your location and 13 skills.")
    ).to_be_visible()
    expect(page.get_by_label("Headline", exact=True)).to_have_value(
        "Backend developer: Django, PostgreSQL and Celery. I like boring, fast APIs."
    )
    expect(page.get_by_label("City")).to_have_value("Berlin")
    expect(page.get_by_label("Django", exact=True)).to_be_checked()
    expect(page.get_by_label("PostgreSQL")).to_be_checked()
    expect(page.get_by_label("Celery")).not_to_be_checked()

    # And they apply.
    page.goto(job.get_absolute_url())
    page.get_by_role("link", name="Apply", exact=True).click()
    expect(page.get_by_role("heading", name="Apply: Senior Django Engineer")).to_be_visible()
    page.locator('input[type="file"][name="resume"]').set_input_files(
        {"name": "ada-cv.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_label("Cover letter").fill("I build Django and PostgreSQL APIs.")
    page.get_by_role("button", name="Send application").click()
    expect(page.get_by_role("heading", name="Application sent")).to_be_visible()

    seeker = User.objects.get()
    assert (seeker.email, seeker.role, seeker.full_name) == ("ada@example.com", "seeker", "Ada Lovelace")
    assert SocialAccount.objects.get(user=seeker).provider == "github"
    assert Application.objects.get().seeker == seeker
    assert page.csp_violations == []


def test_cancelling_at_github_comes_back_to_a_page_that_says_so(page, providers):
    providers.consent = "deny"

    page.goto("/accounts/login/")
    page.get_by_role("button", name="Continue with GitHub").click()

    expect(page.get_by_role("heading", name="Sign-in cancelled")).to_be_visible()
    expect(page.get_by_role("button", name="Continue with GitHub")).to_be_visible()
    assert not User.objects.exists()
    assert page.csp_violations == []
