"""Who may use a thread's URLs: the candidate and the members of the hiring company.

Another seeker, another company's member and staff get a 404; anonymous visitors go to
log in (htmx requests get HX-Redirect); nothing changes for any of them.
"""

import pytest
from django.urls import reverse

from conversations.models import Message, Participant, Thread
from conversations.services import message_post
from tests.factories import CompanyFactory, UserFactory, employer_of

pytestmark = pytest.mark.django_db

# (URL name, method, data): every conversation URL that takes an application id.
THREAD_URLS = [
    ("conversations:post", "post", {"body": "Sneaky message"}),
    ("conversations:poll", "get", {"after": "0"}),
    ("conversations:report", "post", {"reason": "Sneaky report"}),
]
HTMX = {"HX-Request": "true", "HX-Current-URL": "http://testserver/applications/"}


def outsiders():
    return {
        "another seeker": UserFactory(seeker=True),
        "another company's member": employer_of(CompanyFactory()),
        "staff": UserFactory(staff=True, is_superuser=True),
    }


def state(application):
    thread = Thread.objects.filter(pk=application.pk).first()
    return (
        list(Message.objects.values_list("body", flat=True)),
        thread.reported_at if thread else None,
        list(Participant.objects.order_by("pk").values_list("user_id", "unread", "read_through_id")),
    )


def test_every_conversation_url_with_an_id_is_covered_here():
    from conversations.urls import urlpatterns

    with_id = {f"conversations:{p.name}" for p in urlpatterns if "<int:" in str(p.pattern)}
    assert with_id == {name for name, _, _ in THREAD_URLS}


@pytest.mark.parametrize(("url_name", "method", "data"), THREAD_URLS)
def test_outsiders_get_404_and_change_nothing(client, application, recruiter, url_name, method, data):
    message_post(application=application, author=recruiter, body="Hello Ada")
    before = state(application)
    url = reverse(url_name, args=[application.pk])

    for who, outsider in outsiders().items():
        client.force_login(outsider)
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, who
        assert state(application) == before, who
    client.logout()

    anonymous = getattr(client, method)(url, data)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("account_login"))
    anonymous_htmx = getattr(client, method)(url, data, headers=HTMX)
    assert anonymous_htmx["HX-Redirect"].startswith(reverse("account_login"))
    assert state(application) == before


@pytest.mark.parametrize(("url_name", "method", "data"), THREAD_URLS)
def test_an_unknown_application_is_404(client, candidate, url_name, method, data):
    client.force_login(candidate)

    assert getattr(client, method)(reverse(url_name, args=[999_999]), data).status_code == 404


def test_the_inbox_and_the_badge_ask_anonymous_visitors_to_log_in(client):
    for name in ("conversations:inbox", "conversations:unread_badge"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_the_inbox_lists_only_the_users_own_threads(client, application, recruiter, candidate):
    message_post(application=application, author=recruiter, body="Hello Ada")

    for outsider in outsiders().values():
        client.force_login(outsider)
        response = client.get(reverse("conversations:inbox"))
        assert response.status_code == 200
        assert list(response.context["threads"]) == []
        badge = client.get(reverse("conversations:unread_badge"))
        assert "badge" not in badge.text
