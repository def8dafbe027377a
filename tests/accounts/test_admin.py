import pytest
from django.urls import reverse

from accounts.models import EmailOutbox, User
from accounts.services import email_outbox_add
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("n", [2, 20])
def test_user_changelist_shows_role_and_verification_with_flat_queries(
    admin_client, django_assert_max_num_queries, n
):
    UserFactory.create_batch(n, employer=True)

    with django_assert_max_num_queries(8):
        response = admin_client.get(reverse("admin:accounts_user_changelist"))

    assert response.status_code == 200
    assert b"Employer" in response.content


def test_staff_can_add_a_user_in_admin(admin_client):
    response = admin_client.get(reverse("admin:accounts_user_add"))
    assert response.status_code == 200

    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "added@example.com",
            "role": "employer",
            "password1": "violet-Otter-77-lantern",
            "password2": "violet-Otter-77-lantern",
            "usable_password": "true",
        },
    )

    assert response.status_code == 302
    assert User.objects.get(email="added@example.com").role == "employer"


def test_staff_can_open_a_user_in_admin(admin_client):
    user = UserFactory()

    response = admin_client.get(reverse("admin:accounts_user_change", args=[user.pk]))

    assert response.status_code == 200


def test_outbox_admin_lists_and_retries_failed_emails(admin_client, on_commit):
    outbox = email_outbox_add(key="test:failed", to="dev@example.com", subject="Hi", body_text="Body")
    EmailOutbox.objects.filter(pk=outbox.pk).update(status=EmailOutbox.Status.FAILED, attempts=8)

    assert admin_client.get(reverse("admin:accounts_emailoutbox_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:accounts_emailoutbox_change", args=[outbox.pk])).status_code == 200
    with on_commit():
        response = admin_client.post(
            reverse("admin:accounts_emailoutbox_changelist"),
            {"action": "retry_failed", "_selected_action": [outbox.pk]},
            follow=True,
        )

    assert b"1 email(s) queued again." in response.content
    outbox.refresh_from_db()
    assert outbox.status == EmailOutbox.Status.SENT


def test_non_staff_cannot_reach_admin(client):
    client.force_login(UserFactory())

    response = client.get(reverse("admin:accounts_user_changelist"))

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
