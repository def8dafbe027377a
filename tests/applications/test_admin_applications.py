import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.factories import ApplicationFactory, CandidateInvitationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator_client(client):
    moderator = UserFactory(staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(moderator)
    return client


@pytest.mark.parametrize("n", [2, 20])
def test_moderators_see_a_read_only_overview_with_flat_queries(
    moderator_client, django_assert_max_num_queries, n
):
    ApplicationFactory.create_batch(n)

    with django_assert_max_num_queries(11):  # the same for 2 and 20 rows
        response = moderator_client.get(reverse("admin:applications_application_changelist"))

    assert response.status_code == 200
    assert response.content.count(b"<tr") >= n


def test_application_admin_page_shows_the_timeline_but_no_private_documents(moderator_client):
    application = ApplicationFactory(cover_letter="My secret motivation")

    response = moderator_client.get(reverse("admin:applications_application_change", args=[application.pk]))

    assert response.status_code == 200
    assert b"My secret motivation" not in response.content
    assert b"submitted" in response.content.lower()
    assert b'name="_save"' not in response.content  # nothing to save: read-only


def test_applications_cannot_be_added_or_deleted_in_admin(moderator_client):
    application = ApplicationFactory()

    assert moderator_client.get(reverse("admin:applications_application_add")).status_code == 403
    assert (
        moderator_client.post(
            reverse("admin:applications_application_delete", args=[application.pk])
        ).status_code
        == 403
    )


@pytest.mark.parametrize("n", [2, 20])
def test_invitations_are_listed_read_only_without_the_employers_note(
    client, django_assert_max_num_queries, n
):
    client.force_login(UserFactory(staff=True, is_superuser=True))
    invitations = CandidateInvitationFactory.create_batch(n, message="Private note to the candidate")

    with django_assert_max_num_queries(9):  # the same for 2 and 20 rows
        response = client.get(reverse("admin:applications_candidateinvitation_changelist"))
    change = client.get(reverse("admin:applications_candidateinvitation_change", args=[invitations[0].pk]))

    assert response.status_code == 200
    assert invitations[0].job.company.name in response.text
    assert change.status_code == 200
    assert "Private note" not in change.text
    assert 'name="_save"' not in change.text
    assert client.get(reverse("admin:applications_candidateinvitation_add")).status_code == 403
    delete = reverse("admin:applications_candidateinvitation_delete", args=[invitations[0].pk])
    assert client.get(delete).status_code == 403
