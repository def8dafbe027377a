import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import User

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "blue-Pelican-42-harbour"


def test_signup_follow_verification_link_and_land_logged_in(page, live_server):
    page.goto("/")
    page.get_by_role("link", name="Sign up").first.click()

    page.get_by_label("Your name").fill("Ada Lovelace")
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_label("Hiring Python backend developers").check()
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again):").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()

    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    assert User.objects.get(email="ada@example.com").role == User.Role.EMPLOYER

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    expect(page.locator(".site-header .badge")).to_have_text("Employer")
    assert page.csp_violations == []


def test_first_field_with_an_error_gets_the_focus(page):
    page.goto("/accounts/signup/")
    page.get_by_label("Your name").fill("Ada Lovelace")
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again):").fill(PASSWORD + "-typo")
    page.get_by_role("button", name="Sign Up").click()

    expect(page.locator(".form-errors")).to_be_visible()
    focused_id = page.evaluate("document.activeElement.id")
    assert focused_id == "id_password2"
    assert page.evaluate("document.activeElement.getAttribute('aria-invalid')") == "true"
    assert page.csp_violations == []
