"""Every signup and login costs one password hash, whatever the address: timing tells nothing.

Hashing is the slow part of both (PBKDF2 takes hundreds of milliseconds), so a path
that skips it, or hashes twice, shows from outside. Counting the hasher's work is
exact where a stopwatch is noisy.
"""

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.urls import reverse

from accounts.models import User
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

STRONG_PASSWORD = "blue-Pelican-42-harbour"


class CountingHasher(MD5PasswordHasher):
    """MD5 (fast, as in every test) that counts how many hashes it computes."""

    count = 0

    def encode(self, password, salt):
        CountingHasher.count += 1
        return super().encode(password, salt)


@pytest.fixture
def hashes(settings):
    """`hashes()` is how many passwords were hashed since the last call."""
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]

    def since_last_call():
        count, CountingHasher.count = CountingHasher.count, 0
        return count

    return since_last_call


def signup(client, email):
    return client.post(
        reverse("account_signup"),
        {
            "email": email,
            "full_name": "Jane Doe",
            "role": "seeker",
            "password1": STRONG_PASSWORD,
            "password2": STRONG_PASSWORD,
        },
    )


def login(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_signup_hashes_the_password_once_whether_or_not_the_address_has_an_account(client, hashes):
    UserFactory(email="known@example.com")
    hashes()

    new = signup(client, "new@example.com")
    assert hashes() == 1
    known = signup(client, "known@example.com")
    assert hashes() == 1

    # Same answer too; only the new address got an account.
    assert new.status_code == known.status_code == 302
    assert new["Location"] == known["Location"]
    assert User.objects.filter(email__in=["new@example.com", "known@example.com"]).count() == 2


def test_a_known_address_signing_up_again_keeps_its_password(client, hashes):
    user = UserFactory(email="known@example.com")

    signup(client, "known@example.com")

    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)


@pytest.mark.parametrize(
    ("email", "password", "logged_in"),
    [
        ("dev@example.com", TEST_PASSWORD, True),
        ("dev@example.com", "wrong-password-1", False),
        ("nobody@example.com", "wrong-password-1", False),
    ],
    ids=["success", "wrong-password", "unknown-address"],
)
def test_a_login_attempt_hashes_the_password_once(client, hashes, email, password, logged_in):
    UserFactory(email="dev@example.com")
    hashes()

    login(client, email, password)

    assert hashes() == 1
    assert ("_auth_user_id" in client.session) is logged_in


@pytest.mark.parametrize(
    ("email", "password", "logged_in"),
    [
        ("Staff.Person@example.com", TEST_PASSWORD, True),
        ("staff.person@EXAMPLE.com", TEST_PASSWORD, True),
        ("Staff.Person@example.com", "wrong-password-1", False),
        ("nobody@example.com", "wrong-password-1", False),
    ],
)
def test_admin_login_by_email_hashes_once(client, hashes, email, password, logged_in):
    # As `createsuperuser` makes one: the local part keeps its case, no allauth address row.
    User.objects.create_superuser("Staff.Person@example.com", TEST_PASSWORD)
    hashes()

    response = client.post(
        reverse("admin:login") + "?next=/admin/", {"username": email, "password": password}
    )

    assert hashes() == 1
    assert ("_auth_user_id" in client.session) is logged_in
    if logged_in:
        assert response.status_code == 302
        assert client.get(reverse("admin:index")).status_code == 200
    else:
        assert response.status_code == 200
        assert b"Please enter the correct email address and password" in response.content


def test_site_login_finds_an_address_stored_with_capitals(client, hashes):
    User.objects.create_user("Mixed.Case@example.com", TEST_PASSWORD)
    hashes()

    response = login(client, "mixed.case@example.com", TEST_PASSWORD)

    # The password is accepted; the address was never verified, so that comes first.
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert hashes() == 1
