"""Who may use the employer's applicant pages: every URL with an id, every kind of visitor.

Only members of the job's company get in. Anyone else gets a 404 (other companies),
the employers-only page (job seekers) or the login page (anonymous; htmx requests get
HX-Redirect so the whole page goes there), and nothing changes.
"""

from urllib.parse import quote

import pytest
from django.urls import reverse

from applications.models import Application, ApplicationEvent, ApplicationNote
from tests.factories import ApplicationFactory, CompanyFactory, JobFactory, UserFactory, employer_of

pytestmark = pytest.mark.django_db

# (URL name, method, what the id is, POST data): each URL of the employer's applicant pages.
EMPLOYER_APPLICATION_URLS = [
    ("employer:job_applicants", "get", "job", None),
    ("employer:application_detail", "get", "application", None),
    ("employer:application_resume", "get", "application", None),
    ("employer:application_move", "post", "application", {"to_status": "interview"}),
    ("employer:application_note_add", "post", "application", {"body": "Sneaky note"}),
]
HTMX = {"HX-Request": "true", "HX-Current-URL": "http://testserver/employer/jobs/"}


@pytest.fixture
def application():
    return ApplicationFactory(job=JobFactory(published=True, company=CompanyFactory(name="Acme Backend")))


def url_for(application, name, kind):
    return reverse(name, args=[application.job_id if kind == "job" else application.pk])


def request(client, method, url, data, **kwargs):
    return getattr(client, method)(url, data or {}, **kwargs)


def state(application):
    """Everything these URLs could change."""
    application = Application.objects.get(pk=application.pk)
    return (
        application.status,
        application.viewed_at,
        ApplicationEvent.objects.filter(application=application).count(),
        ApplicationNote.objects.filter(application=application).count(),
    )


def test_every_employer_url_with_an_id_is_covered_here():
    from listings.urls.employer import urlpatterns

    # Inviting a suggested candidate takes a job and a seeker, not an application:
    # tests/applications/test_candidate_invitations.py covers who may use it.
    applicant_urls = {
        f"employer:{pattern.name}"
        for pattern in urlpatterns
        if "<int:pk>" in str(pattern.pattern)
        and pattern.callback.__module__ == "applications.views.employer"
        and pattern.name != "candidate_invite"
    }
    assert applicant_urls == {name for name, *_ in EMPLOYER_APPLICATION_URLS}


@pytest.mark.parametrize(("name", "method", "kind", "data"), EMPLOYER_APPLICATION_URLS)
def test_members_of_the_company_get_in(client, application, name, method, kind, data):
    client.force_login(employer_of(application.job.company))

    response = request(client, method, url_for(application, name, kind), data)

    assert response.status_code in (200, 302)


@pytest.mark.parametrize(("name", "method", "kind", "data"), EMPLOYER_APPLICATION_URLS)
def test_a_member_of_another_company_gets_404_and_changes_nothing(
    client, application, name, method, kind, data
):
    client.force_login(employer_of(CompanyFactory()))
    before = state(application)

    response = request(client, method, url_for(application, name, kind), data)

    assert response.status_code == 404
    assert state(application) == before


@pytest.mark.parametrize(("name", "method", "kind", "data"), EMPLOYER_APPLICATION_URLS)
def test_an_employer_without_a_company_is_asked_to_create_one(client, application, name, method, kind, data):
    client.force_login(UserFactory(employer=True))
    before = state(application)

    response = request(client, method, url_for(application, name, kind), data)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("employer:company_create"))
    assert state(application) == before


@pytest.mark.parametrize(("name", "method", "kind", "data"), EMPLOYER_APPLICATION_URLS)
@pytest.mark.parametrize("who", ["candidate", "other seeker"])
def test_job_seekers_get_the_employers_only_page_and_change_nothing(
    client, application, name, method, kind, data, who
):
    # Even the candidate: their own pages are elsewhere, and never show notes.
    client.force_login(application.seeker if who == "candidate" else UserFactory(seeker=True))
    before = state(application)

    response = request(client, method, url_for(application, name, kind), data)

    assert response.status_code == 403
    assert b"These pages are for employers" in response.content
    assert state(application) == before


@pytest.mark.parametrize(("name", "method", "kind", "data"), EMPLOYER_APPLICATION_URLS)
def test_anonymous_visitors_are_sent_to_log_in_and_nothing_changes(
    client, application, name, method, kind, data
):
    url = url_for(application, name, kind)
    before = state(application)

    response = request(client, method, url, data)

    assert response.status_code == 302
    # A GET comes back to itself; a POST can't be replayed, so it comes back to the dashboard.
    back_to = url if method == "get" else reverse("employer:dashboard")
    assert response["Location"] == f"{reverse('account_login')}?next={quote(back_to, safe='/')}"
    assert state(application) == before


@pytest.mark.parametrize(("name", "method", "kind", "data"), EMPLOYER_APPLICATION_URLS)
def test_anonymous_htmx_requests_redirect_the_whole_page_to_log_in(
    client, application, name, method, kind, data
):
    before = state(application)

    response = request(client, method, url_for(application, name, kind), data, headers=HTMX)

    assert response.status_code == 200
    assert response["HX-Redirect"] == f"{reverse('account_login')}?next={quote('/employer/jobs/', safe='/')}"
    assert b"<form" not in response.content
    assert state(application) == before


def test_an_htmx_request_from_another_site_comes_back_to_the_dashboard(client, application):
    headers = {"HX-Request": "true", "HX-Current-URL": "https://evil.example/phish"}

    response = client.post(
        reverse("employer:application_move", args=[application.pk]), {"to_status": "offer"}, headers=headers
    )

    assert response["HX-Redirect"] == f"{reverse('account_login')}?next={quote('/employer/jobs/', safe='/')}"


def test_notes_never_appear_on_the_candidates_pages(client, application):
    # The seeker's pages are built elsewhere; whichever of them exist must not leak notes.
    ApplicationNote.objects.create(
        application=application, author=employer_of(application.job.company), body="PRIVATE-NOTE-TEXT"
    )
    client.force_login(application.seeker)
    pages = [application.job.get_absolute_url()]
    for name, args in [("applications:detail", [application.pk]), ("applications:list", [])]:
        try:
            pages.append(reverse(name, args=args))
        except Exception:  # noqa: S112 - a page not built yet has nothing to leak
            continue

    for page in pages:
        assert b"PRIVATE-NOTE-TEXT" not in client.get(page).content, page
