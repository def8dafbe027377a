import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import EmailOutbox, User
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

STRONG_PASSWORD = "blue-Pelican-42-harbour"


@pytest.fixture
def signup(on_commit):
    """Post the signup form; emails it schedules are sent."""

    def post(client, email, role="seeker", password=STRONG_PASSWORD, **extra):
        with on_commit():
            return client.post(
                reverse("account_signup"),
                {
                    "email": email,
                    "full_name": "Jane Doe",
                    "role": role,
                    "password1": password,
                    "password2": password,
                    **extra,
                },
            )

    return post


def link_in(message):
    return re.search(r"https?://testserver(/\S+)", message.body).group(1)


@pytest.mark.parametrize(("role", "label"), [("seeker", "Job seeker"), ("employer", "Employer")])
def test_signup_creates_user_of_chosen_role_and_sends_verification(client, role, label, signup):
    response = signup(client, "new@example.com", role=role)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="new@example.com")
    assert user.role == role
    assert user.get_role_display() == label
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new@example.com"]
    assert "/accounts/confirm-email/" in mail.outbox[0].body
    # Plain text and HTML, recorded in the outbox and marked sent.
    assert mail.outbox[0].alternatives[0].mimetype == "text/html"
    assert 'href="http://testserver/accounts/confirm-email/' in mail.outbox[0].alternatives[0].content
    assert EmailOutbox.objects.get().status == EmailOutbox.Status.SENT


def test_signup_form_offers_both_roles(client):
    response = client.get(reverse("account_signup"))

    assert response.status_code == 200
    assert b'value="seeker"' in response.content
    assert b'value="employer"' in response.content


def test_unverified_user_cannot_log_in(client, signup):
    signup(client, "new@example.com")
    client.logout()

    response = client.post(
        reverse("account_login"), {"login": "new@example.com", "password": STRONG_PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_verification_link_verifies_and_logs_in(client, signup):
    signup(client, "new@example.com", role="employer")
    confirm_url = link_in(mail.outbox[0])

    page = client.get(confirm_url)
    assert page.status_code == 200
    response = client.post(confirm_url, follow=True)

    user = User.objects.get(email="new@example.com")
    assert EmailAddress.objects.get(user=user).verified
    assert response.context["user"] == user
    assert b"Log out" in response.content


def test_verification_link_from_another_browser_verifies_then_login_works(client, django_user_model, signup):
    signup(client, "new@example.com")
    confirm_url = link_in(mail.outbox[0])
    client.logout()
    client.cookies.clear()

    client.post(confirm_url)
    response = client.post(
        reverse("account_login"), {"login": "new@example.com", "password": STRONG_PASSWORD}
    )

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == django_user_model.objects.get(email="new@example.com").pk


def test_tampered_verification_link_is_refused(client, signup):
    signup(client, "new@example.com")
    confirm_url = link_in(mail.outbox[0])

    response = client.post(confirm_url.rstrip("/") + "x/", follow=True)

    assert not EmailAddress.objects.get(email="new@example.com").verified
    assert response.status_code in (200, 404)


def test_login_with_email_any_case_and_logout(client):
    user = UserFactory(email="dev@example.com")

    response = client.post(reverse("account_login"), {"login": "DEV@example.com", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk

    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_wrong_password_shows_a_clear_error(client):
    UserFactory(email="dev@example.com")

    response = client.post(
        reverse("account_login"), {"login": "dev@example.com", "password": "wrong-password"}
    )

    assert response.status_code == 200
    assert b"not correct" in response.content
    assert b'aria-invalid="true"' in response.content or b"form-errors" in response.content


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1", b"too short"),
        ("password123", b"too common"),
        ("83729174650192", b"entirely numeric"),
    ],
)
def test_weak_passwords_are_refused(client, password, message, signup):
    response = signup(client, "new@example.com", password=password)

    assert response.status_code == 200
    assert message in response.content
    assert not User.objects.filter(email="new@example.com").exists()


def test_signup_errors_are_next_to_fields_and_keep_input(client, signup):
    response = signup(client, "not-an-email", role="seeker")

    assert response.status_code == 200
    assert b'aria-invalid="true"' in response.content
    assert b'value="not-an-email"' in response.content
    assert b"Please correct" in response.content


def test_signup_with_unknown_role_is_refused(client, signup):
    response = signup(client, "new@example.com", role="staff")

    assert response.status_code == 200
    assert b"Select a valid choice" in response.content
    assert not User.objects.filter(email="new@example.com").exists()


def test_signup_cannot_grant_staff(client, signup):
    signup(client, "new@example.com", is_staff="on", is_superuser="on")

    user = User.objects.get(email="new@example.com")
    assert not user.is_staff
    assert not user.is_superuser


def test_account_settings_requires_login_and_saves_name(client):
    response = client.get(reverse("accounts:settings"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))

    user = UserFactory(employer=True)
    client.force_login(user)
    response = client.get(reverse("accounts:settings"))
    assert response.status_code == 200
    assert b"Employer" in response.content

    response = client.post(reverse("accounts:settings"), {"full_name": "Ada Lovelace"}, follow=True)
    user.refresh_from_db()
    assert user.full_name == "Ada Lovelace"
    assert b"Your settings were saved." in response.content


def test_password_change(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": TEST_PASSWORD, "password1": STRONG_PASSWORD, "password2": STRONG_PASSWORD},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(STRONG_PASSWORD)


def test_menu_shows_role(client):
    client.force_login(UserFactory(employer=True, full_name="Emil Employer"))

    response = client.get(reverse("home"))

    assert b"Emil" in response.content
    assert b"Employer" in response.content
    assert b"Moderation" not in response.content


def test_menu_links_staff_to_admin(client):
    client.force_login(UserFactory(staff=True))

    response = client.get(reverse("home"))

    assert reverse("admin:index").encode() in response.content
