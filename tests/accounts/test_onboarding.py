"""After confirming the email: a seeker goes on to the profile, an employer to the company;
the confirmation page in plain words, logging in only in the browser that signed up."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import TEST_PASSWORD, CompanyFactory, SeekerProfileFactory, UserFactory, employer_of

pytestmark = pytest.mark.django_db

PASSWORD = "blue-Pelican-42-harbour"


def sign_up(client, role, email="jane@example.com", next_url=""):
    data = {
        "email": email,
        "full_name": "Jane Doe",
        "role": role,
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    if next_url:
        data["next"] = next_url
    response = client.post(reverse("account_signup"), data)
    assert response.status_code == 302, response.text


def confirm_link():
    return re.search(r"https?://testserver(/accounts/confirm-email/\S+)", mail.outbox[-1].body).group(1)


@pytest.mark.parametrize(
    ("role", "first_step"), [("seeker", "accounts:profile"), ("employer", "employer:company_create")]
)
def test_confirming_in_the_same_browser_logs_in_and_leads_to_the_first_step(
    client, on_commit, role, first_step
):
    with on_commit():
        sign_up(client, role)
    confirm_path = confirm_link()

    page = client.get(confirm_path).text
    assert "<h1>Confirm jane@example.com</h1>" in page
    assert "Press Confirm and you are logged in" in page
    response = client.post(confirm_path)

    assert response.status_code == 302
    assert response["Location"] == reverse(first_step)
    first_page = client.get(reverse(first_step))
    assert first_page.status_code == 200
    if role == "seeker":
        assert "Welcome, Jane! Start here" in first_page.text


def test_confirming_in_another_browser_says_to_log_in_and_the_login_leads_to_the_first_step(on_commit):
    with on_commit():
        sign_up(Client(), "seeker")
    confirm_path = confirm_link()
    elsewhere = Client()

    page = elsewhere.get(confirm_path).text
    assert "Press Confirm, then log in with jane@example.com and your password." in page
    assert "Press Confirm and you are logged in" not in page
    confirmed = elsewhere.post(confirm_path)
    assert confirmed["Location"].startswith(reverse("account_login"))

    logged_in = elsewhere.post(reverse("account_login"), {"login": "jane@example.com", "password": PASSWORD})
    assert logged_in["Location"] == reverse("accounts:profile")


def test_a_used_or_unknown_link_says_what_to_do(client):
    page = client.get("/accounts/confirm-email/not-a-key/").text

    assert "This link no longer works" in page
    assert "we email you a new link" in page


def test_accounts_past_their_first_step_land_on_the_home_page():
    seeker = UserFactory(seeker=True)
    SeekerProfileFactory(user=seeker)
    employer = employer_of(CompanyFactory())

    for user in (seeker, employer):
        response = Client().post(reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD})
        assert response["Location"] == reverse("home")
