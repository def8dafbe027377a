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


def login_from(client, address, password, email="dev@example.com"):
    return client.post(reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=address)


def test_a_stranger_failing_to_log_in_cannot_lock_the_owner_out(client, django_user_model):
    owner = UserFactory(email="dev@example.com")
    for _ in range(5):
        assert login_from(client, "203.0.113.7", "wrong-password-1").status_code == 200
    assert login_from(client, "203.0.113.7", "wrong-password-1").status_code == 429

    # The owner, from another address, signs in with the right password.
    owner_client = client.__class__()
    response = login_from(owner_client, "198.51.100.20", TEST_PASSWORD)
    assert response.status_code == 302
    assert int(owner_client.session["_auth_user_id"]) == owner.pk

    # The stranger's address stays limited for that account, right password or not.
    response = login_from(client, "203.0.113.7", TEST_PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_failed_logins_are_limited_per_address_across_accounts(client):
    for number in range(10):
        UserFactory(email=f"user{number}@example.com")
        response = login_from(client, "203.0.113.7", "wrong-password-1", email=f"user{number}@example.com")
        assert response.status_code == 200

    response = login_from(client, "203.0.113.7", "wrong-password-1", email="user0@example.com")
    assert response.status_code == 429
    # Another address is not affected.
    response = login_from(client, "198.51.100.20", "wrong-password-1", email="user0@example.com")
    assert response.status_code == 200


def test_behind_a_trusted_proxy_limits_apply_to_the_client_address(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    UserFactory(email="dev@example.com")
    attempt = {"login": "dev@example.com", "password": "wrong-password-1"}

    def through_proxy(forwarded_for):
        return client.post(
            reverse("account_login"), attempt, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded_for
        )

    # The client may write anything in X-Forwarded-For; only the entry our proxy
    # appends (the last one) is believed.
    for number in range(5):
        assert through_proxy(f"10.9.9.{number}, 203.0.113.7").status_code == 200
    assert through_proxy("10.9.9.99, 203.0.113.7").status_code == 429
    assert through_proxy("203.0.113.7").status_code == 429

    # Another visitor behind the same proxy is not limited by the first one's failures.
    assert through_proxy("198.51.100.20").status_code == 200


def test_a_request_that_bypassed_the_proxies_is_counted_by_its_own_address(client, settings):
    # Two trusted proxies, but a request with a shorter X-Forwarded-For (allauth
    # raises ImproperlyConfigured on that): no 500, it counts as its peer address.
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    UserFactory(email="dev@example.com")

    response = client.post(
        reverse("account_login"),
        {"login": "dev@example.com", "password": TEST_PASSWORD},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )

    assert response.status_code == 302
    assert "_auth_user_id" in client.session
