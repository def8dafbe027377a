import pytest
from django.urls import reverse

from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

OFFSITE_NEXT_VALUES = [
    "//evil.example",
    "//evil.example/path",
    "/\\evil.example",
    "\\\\evil.example",
    "https:evil.example",
    "https://evil.example/",
    "http://evil.example",
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    " //evil.example",
    "/%5Cevil.example",
    "///evil.example",
    "https://testserver.evil.example/",
]


def stays_on_site(location):
    return location.startswith("/") and not location.startswith(("//", "/\\"))


@pytest.mark.parametrize("next_url", OFFSITE_NEXT_VALUES)
def test_login_next_never_leaves_the_site(client, next_url):
    UserFactory(email="dev@example.com")

    response = client.post(
        reverse("account_login") + "?next=x",
        {"login": "dev@example.com", "password": TEST_PASSWORD, "next": next_url},
    )

    assert response.status_code == 302
    assert stays_on_site(response["Location"]), response["Location"]


@pytest.mark.parametrize("next_url", OFFSITE_NEXT_VALUES)
def test_logout_next_never_leaves_the_site(client, next_url):
    client.force_login(UserFactory())

    response = client.post(reverse("account_logout"), {"next": next_url})

    assert response.status_code == 302
    assert stays_on_site(response["Location"]), response["Location"]


def test_login_follows_a_local_next(client):
    UserFactory(email="dev@example.com")

    response = client.post(
        reverse("account_login"),
        {"login": "dev@example.com", "password": TEST_PASSWORD, "next": "/accounts/settings/"},
    )

    assert response["Location"] == "/accounts/settings/"


def test_failed_logins_are_rate_limited(client):
    UserFactory(email="dev@example.com")
    attempt = {"login": "dev@example.com", "password": "wrong-password-1"}

    for _ in range(5):
        response = client.post(reverse("account_login"), attempt)
        assert response.status_code == 200
        assert b"not correct" in response.content

    response = client.post(reverse("account_login"), attempt)
    assert response.status_code == 429
    assert b"Too many failed login attempts" in response.content

    # Even the right password is refused while the limit holds.
    response = client.post(reverse("account_login"), {"login": "dev@example.com", "password": TEST_PASSWORD})
    assert "_auth_user_id" not in client.session


def test_password_reset_requests_are_rate_limited(client, on_commit):
    UserFactory(email="dev@example.com")

    statuses = []
    for _ in range(7):
        with on_commit():
            response = client.post(reverse("account_reset_password"), {"email": "dev@example.com"})
        statuses.append(response.status_code)

    assert statuses[:5] == [302] * 5
    assert statuses[-1] == 429
    assert b"Too many attempts" in response.content
