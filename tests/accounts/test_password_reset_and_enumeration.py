import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "violet-Otter-77-lantern"


def path_of_link(message, marker):
    return re.search(rf"https?://testserver({re.escape(marker)}\S+)", message.body).group(1)


def page_without_tokens(response):
    """The page as a user sees it; CSRF tokens and CSP nonces differ per request."""
    return re.sub(rb'(X-CSRFToken": "|csrfmiddlewaretoken" value="|nonce=")[^"]+', rb"\1", response.content)


def request_reset(client, on_commit, email):
    with on_commit():
        return client.post(reverse("account_reset_password"), {"email": email})


def test_password_reset_end_to_end(client, on_commit):
    user = UserFactory(email="dev@example.com")

    response = request_reset(client, on_commit, "dev@example.com")
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    reset_path = path_of_link(mail.outbox[0], "/accounts/password/reset/key/")

    # The emailed link leads to a form (allauth moves the key into the session).
    response = client.get(reset_path, follow=True)
    assert response.status_code == 200
    form_path = response.redirect_chain[-1][0] if response.redirect_chain else reset_path
    assert b'name="password1"' in response.content

    response = client.post(form_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)

    # The new password works for signing in.
    response = client.post(reverse("account_login"), {"login": "dev@example.com", "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_used_reset_link_does_not_work_twice(client, on_commit):
    UserFactory(email="dev@example.com")
    request_reset(client, on_commit, "dev@example.com")
    reset_path = path_of_link(mail.outbox[0], "/accounts/password/reset/key/")
    response = client.get(reset_path, follow=True)
    form_path = response.redirect_chain[-1][0]
    client.post(form_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    other = client.__class__()
    response = other.get(reset_path, follow=True)

    assert b'name="password1"' not in response.content
    assert b"invalid" in response.content.lower()


def test_reset_answers_known_and_unknown_emails_identically(client, on_commit):
    UserFactory(email="known@example.com")

    known = request_reset(client, on_commit, "known@example.com")
    unknown = request_reset(client, on_commit, "unknown@example.com")

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert page_without_tokens(client.get(known["Location"])) == page_without_tokens(
        client.get(unknown["Location"])
    )
    # The unknown address is told that no account exists, the known one gets a link.
    assert sorted(m.to[0] for m in mail.outbox) == ["known@example.com", "unknown@example.com"]


def test_signup_answers_known_and_unknown_emails_identically(client, on_commit):
    UserFactory(email="known@example.com")
    data = {"role": "seeker", "full_name": "Jane Doe", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}

    with on_commit():
        known = client.post(reverse("account_signup"), {"email": "known@example.com", **data})
    client.logout()
    with on_commit():
        unknown = client.post(reverse("account_signup"), {"email": "fresh@example.com", **data})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert User.objects.filter(email="known@example.com").count() == 1
    # The owner of the existing account is told someone tried to sign up.
    known_mail = next(m for m in mail.outbox if m.to == ["known@example.com"])
    assert "already" in known_mail.body.lower()


def test_login_answers_unknown_email_and_wrong_password_identically(client):
    UserFactory(email="known@example.com")

    wrong_password = client.post(
        reverse("account_login"), {"login": "known@example.com", "password": "nope-nope-1"}
    )
    unknown_email = client.post(
        reverse("account_login"), {"login": "nobody@example.com", "password": "nope-nope-1"}
    )

    def errors(response):
        return [str(e) for e in response.context["form"].non_field_errors()]

    assert wrong_password.status_code == unknown_email.status_code == 200
    assert errors(wrong_password) == errors(unknown_email)
    assert errors(wrong_password)
