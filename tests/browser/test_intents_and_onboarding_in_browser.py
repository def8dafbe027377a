"""In a browser, on a 390 px phone and at 1280 px: Save and Apply pressed before logging
in are finished after it; a new account confirms its email and lands on its first step."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import User
from applications.models import SavedJob
from tests.factories import TEST_PASSWORD, JobFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "blue-Pelican-42-harbour"


@pytest.fixture(params=[390, 1280], ids=["phone", "laptop"])
def sized_page(page, request):
    page.set_viewport_size({"width": request.param, "height": 844 if request.param == 390 else 800})
    return page


def log_in_here(page, user):
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def test_save_before_logging_in_is_done_after_it(sized_page):
    page = sized_page
    job = JobFactory(published=True, title="Kafka Plumber")
    seeker = UserFactory(seeker=True)

    page.goto(job.get_absolute_url())
    page.locator(".apply__save").get_by_role("link", name="Save this job (log in first)").click()
    expect(page.get_by_role("heading", name="Sign In")).to_be_visible()
    log_in_here(page, seeker)

    expect(page.get_by_text("Saved “Kafka Plumber”. Find it under Saved jobs.")).to_be_visible()
    expect(page.locator(".apply__save").get_by_role("button", name=re.compile("Saved"))).to_be_visible()
    assert page.url.endswith(job.get_absolute_url())
    assert SavedJob.objects.filter(user=seeker, job=job).exists()
    assert page.csp_violations == []


def test_apply_before_logging_in_opens_the_apply_form_after_it(sized_page):
    page = sized_page
    job = JobFactory(published=True, title="Celery Gardener")
    seeker = UserFactory(seeker=True)

    page.goto(job.get_absolute_url())
    page.get_by_role("link", name="Log in to apply on this site").click()
    log_in_here(page, seeker)

    expect(page.get_by_role("heading", name="Apply: Celery Gardener")).to_be_visible()
    expect(page.get_by_label("Cover letter")).to_be_visible()
    assert page.csp_violations == []


def sign_up(page, role_label, email):
    page.goto("/accounts/signup/")
    page.get_by_label("Your name").fill("Ada Lovelace")
    page.get_by_label("Email").fill(email)
    page.get_by_label(role_label).check()
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again):").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    return re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[-1].body).group(0)


def test_a_new_seeker_confirms_and_lands_on_the_profile(sized_page):
    page = sized_page
    link = sign_up(page, "Looking for a Python backend job", "ada@example.com")

    page.goto(link)
    expect(page.get_by_role("heading", name="Confirm ada@example.com")).to_be_visible()
    expect(page.get_by_text("Press Confirm and you are logged in")).to_be_visible()
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
    expect(page.get_by_label("Your name")).to_have_value("Ada Lovelace")
    assert User.objects.get(email="ada@example.com").full_name == "Ada Lovelace"
    assert page.csp_violations == []


def test_a_new_employer_confirms_and_lands_on_creating_the_company(sized_page):
    page = sized_page
    link = sign_up(page, "Hiring Python backend developers", "grace@example.com")

    page.goto(link)
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", name="Create your company")).to_be_visible()
    assert page.csp_violations == []


def test_the_link_opened_in_another_browser_confirms_and_asks_to_log_in(sized_page, second_page):
    link = sign_up(sized_page, "Looking for a Python backend job", "ada@example.com")

    second_page.goto(link)
    expect(second_page.get_by_text("Press Confirm, then log in with ada@example.com")).to_be_visible()
    second_page.get_by_role("button", name="Confirm").click()

    expect(second_page.get_by_role("heading", name="Sign In")).to_be_visible()
    assert not second_page.get_by_role("button", name="Log out").is_visible()
