"""My applications: the list, the timeline, the resume sent, withdrawing, and who may see what."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from applications import services
from applications.models import Application, ApplicationEvent
from tests.assertions import assert_resume_download
from tests.factories import ApplicationFactory, JobFactory, SeekerProfileFactory, UserFactory, employer_of

pytestmark = pytest.mark.django_db

LIST = reverse("applications:list")


def messages_on(response):
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def seeker():
    return UserFactory(seeker=True)


@pytest.fixture
def application(seeker):
    return ApplicationFactory(seeker=seeker, job=JobFactory(published=True, title="API Engineer"))


# --- The list -------------------------------------------------------------------------


def test_the_list_shows_job_company_status_and_dates(seeker_client, seeker, application):
    ApplicationFactory(seeker=seeker, status="interview")

    response = seeker_client.get(LIST)

    assert response.status_code == 200
    assert f'<a href="{application.get_absolute_url()}">API Engineer</a>' in response.text
    assert application.job.company.name in response.text
    assert '<span class="badge badge--app-submitted">Submitted</span>' in response.text
    assert '<span class="badge badge--app-interview">Interview</span>' in response.text
    assert application.created_at.strftime("%-d %b %Y") in response.text


def test_the_list_shows_only_the_seekers_own_applications(seeker_client, application):
    ApplicationFactory(job=JobFactory(published=True, title="Someone Else's Job"))

    response = seeker_client.get(LIST)

    assert list(response.context["applications"]) == [application]
    assert "Someone Else&#x27;s Job" not in response.text


def test_an_empty_list_points_to_the_jobs(seeker_client):
    response = seeker_client.get(LIST)

    assert "You haven't applied to any job yet" in response.text


def test_a_viewed_application_says_so_in_the_list(seeker_client, application):
    services.application_mark_viewed(application=application, by=employer_of(application.job.company))

    assert "Viewed by the employer" in seeker_client.get(LIST).text


@pytest.mark.parametrize("n", [1, 30])
def test_the_list_query_count_is_flat(seeker_client, seeker, django_assert_num_queries, n):
    ApplicationFactory.create_batch(n, seeker=seeker)

    # session, user, applications with job and company, their status history (progress
    # lines), unread messages per application
    with django_assert_num_queries(5):
        response = seeker_client.get(LIST)

    assert len(response.context["applications"]) == n


# --- The detail and its timeline ----------------------------------------------------------


def test_the_timeline_is_built_from_the_events_with_dates(seeker_client, application):
    employer = employer_of(application.job.company)
    services.application_mark_viewed(application=application, by=employer)
    services.application_move(application=application, by=employer, to_status="in_review")
    services.application_move(application=application, by=employer, to_status="interview")
    services.application_move(application=application, by=employer, to_status="offer")

    response = seeker_client.get(application.get_absolute_url())

    labels = [event.label for event in response.context["application"].events.all()]
    assert labels == ["Submitted", "Viewed by the employer", "In review", "Interview", "Offer"]
    html = response.text
    positions = [html.index(f'<span class="timeline__label">{label}</span>') for label in labels]
    assert positions == sorted(positions)
    assert html.count('<time class="timeline__date"') == 5
    assert '<span class="badge badge--app-offer">Offer</span>' in html


@pytest.mark.parametrize(
    ("status", "label"), [("hired", "Hired"), ("rejected", "Not selected"), ("withdrawn", "Withdrawn")]
)
def test_final_states_show_in_the_timeline_without_a_withdraw_button(seeker_client, seeker, status, label):
    application = ApplicationFactory(seeker=seeker, status=status)
    ApplicationEvent.objects.create(application=application, from_status="submitted", to_status=status)

    html = seeker_client.get(application.get_absolute_url()).text

    assert f'<span class="timeline__label">{label}</span>' in html
    assert reverse("applications:withdraw", args=[application.pk]) not in html


def test_the_detail_shows_the_cover_letter_and_the_resume_sent(seeker_client, application):
    html = seeker_client.get(application.get_absolute_url()).text

    assert "I have built Django APIs for five years." in html
    assert f'<a href="{reverse("applications:resume", args=[application.pk])}">cv.pdf</a>' in html


def test_the_cover_letter_is_escaped(seeker_client, seeker):
    application = ApplicationFactory(seeker=seeker, cover_letter="<script>alert(1)</script>")

    html = seeker_client.get(application.get_absolute_url()).text

    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_detail_query_count_does_not_grow_with_the_timeline(
    seeker_client, seeker, django_assert_num_queries
):
    application = ApplicationFactory(seeker=seeker)
    for status in ["in_review", "interview", "offer"]:
        ApplicationEvent.objects.create(application=application, to_status=status)

    # session, user, application with job and company, events, the conversation's messages
    with django_assert_num_queries(5):
        seeker_client.get(application.get_absolute_url())


def test_the_confirmation_page_is_the_seekers_own(seeker_client, application):
    response = seeker_client.get(reverse("applications:submitted", args=[application.pk]))

    assert response.status_code == 200
    assert "Application sent" in response.text


# --- The resume they sent -----------------------------------------------------------------


def test_the_seeker_downloads_the_resume_they_sent(seeker_client, application):
    response = seeker_client.get(reverse("applications:resume", args=[application.pk]))

    assert_resume_download(response, "cv.pdf")


def test_a_non_ascii_resume_name_is_encoded_in_the_header(seeker_client, seeker):
    application = ApplicationFactory(seeker=seeker, resume_name="Lebenslauf Jürgen.pdf")

    response = seeker_client.get(reverse("applications:resume", args=[application.pk]))

    assert response["Content-Disposition"] == "attachment; filename*=utf-8''Lebenslauf%20J%C3%BCrgen.pdf"


# --- Withdraw -------------------------------------------------------------------------------


def test_withdrawing_asks_for_confirmation_first(seeker_client, application):
    url = reverse("applications:withdraw", args=[application.pk])

    response = seeker_client.get(url)

    assert response.status_code == 200
    assert "Withdraw your application?" in response.text
    assert f'<form method="post" action="{url}"' in response.text
    application.refresh_from_db()
    assert application.status == "submitted"


def test_the_seeker_withdraws_an_open_application(seeker_client, seeker, application):
    response = seeker_client.post(reverse("applications:withdraw", args=[application.pk]), follow=True)

    application.refresh_from_db()
    assert application.status == "withdrawn"
    assert response.redirect_chain == [(application.get_absolute_url(), 302)]
    assert messages_on(response) == ["You withdrew your application to “API Engineer”."]
    assert '<span class="timeline__label">Withdrawn</span>' in response.text
    assert ApplicationEvent.objects.filter(
        application=application, to_status="withdrawn", actor=seeker
    ).exists()


@pytest.mark.parametrize("status", ["hired", "rejected", "withdrawn"])
def test_a_final_application_cannot_be_withdrawn(seeker_client, seeker, status):
    application = ApplicationFactory(seeker=seeker, status=status)
    url = reverse("applications:withdraw", args=[application.pk])

    on_get = seeker_client.get(url, follow=True)
    on_post = seeker_client.post(url, follow=True)

    assert "can't" in messages_on(on_get)[0]
    assert "can't" in messages_on(on_post)[0] or "already" in messages_on(on_post)[0]
    application.refresh_from_db()
    assert application.status == status
    assert not ApplicationEvent.objects.filter(application=application, to_status="withdrawn").exists()


def test_a_posted_status_is_ignored_when_withdrawing(seeker_client, application):
    seeker_client.post(reverse("applications:withdraw", args=[application.pk]), {"status": "hired"})

    application.refresh_from_db()
    assert application.status == "withdrawn"


# --- Access control: every URL with an id --------------------------------------------------

ID_URLS = ["detail", "submitted", "resume", "withdraw"]


@pytest.mark.parametrize("name", ID_URLS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_seekers_application_is_404_and_unchanged(client, name, method):
    application = ApplicationFactory(created_at=timezone.now() - timedelta(days=1))
    client.force_login(UserFactory(seeker=True))

    response = getattr(client, method)(reverse(f"applications:{name}", args=[application.pk]))

    assert response.status_code in (404, 405)
    if method == "get" or name == "withdraw":
        assert response.status_code == 404
    application.refresh_from_db()
    assert application.status == "submitted"
    assert ApplicationEvent.objects.filter(application=application).count() == 1


@pytest.mark.parametrize("name", ID_URLS)
def test_the_hiring_companys_members_get_404_on_the_seekers_pages(client, name):
    application = ApplicationFactory()
    client.force_login(employer_of(application.job.company))

    response = client.post(reverse(f"applications:{name}", args=[application.pk]))

    # Employers get the "for job seekers" page before any id is looked at.
    assert response.status_code in (403, 405)
    application.refresh_from_db()
    assert application.status == "submitted"


@pytest.mark.parametrize("name", ID_URLS)
def test_an_unknown_id_is_404(seeker_client, name):
    assert seeker_client.get(reverse(f"applications:{name}", args=[999999])).status_code == 404


@pytest.mark.parametrize("name", ID_URLS)
def test_anonymous_visitors_are_sent_to_log_in(client, name):
    application = ApplicationFactory()
    url = reverse(f"applications:{name}", args=[application.pk])

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


def test_an_anonymous_withdraw_changes_nothing_and_returns_to_the_application(client):
    application = ApplicationFactory()
    response = client.post(reverse("applications:withdraw", args=[application.pk]))

    assert response["Location"] == f"/accounts/login/?next=/applications/{application.pk}/"
    application.refresh_from_db()
    assert application.status == "submitted"


@pytest.mark.parametrize("name", ID_URLS)
def test_anonymous_htmx_requests_get_a_whole_page_redirect(client, name):
    application = ApplicationFactory()
    url = reverse(f"applications:{name}", args=[application.pk])

    response = client.get(url, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert response["HX-Redirect"] == f"/accounts/login/?next={url}"


def test_the_list_sends_anonymous_visitors_to_log_in(client):
    response = client.get(LIST)

    assert response["Location"] == f"/accounts/login/?next={LIST}"


def test_the_list_tells_employers_it_is_for_job_seekers(client):
    client.force_login(UserFactory(employer=True))

    response = client.get(LIST)

    assert response.status_code == 403
    assert "This page is for job seekers" in response.text


def test_a_seeker_never_sees_the_employers_private_notes(seeker_client, application):
    services.application_add_note(
        application=application, by=employer_of(application.job.company), body="Strong on SQL, weak on k8s"
    )

    assert "Strong on SQL" not in seeker_client.get(application.get_absolute_url()).text


def test_application_rows_are_left_alone_by_other_seekers_withdraws(seeker_client, seeker):
    mine = ApplicationFactory(seeker=seeker)
    theirs = ApplicationFactory()

    seeker_client.post(reverse("applications:withdraw", args=[theirs.pk]))

    assert set(Application.objects.values_list("status", flat=True)) == {"submitted"}
    assert mine.status == "submitted"


# --- Applying again after a withdrawal -----------------------------------------------------


def test_after_withdrawing_the_seeker_can_apply_again_and_both_stay_in_the_history(seeker_client, seeker):
    job = JobFactory(published=True, title="Second Chance")
    SeekerProfileFactory(user=seeker, with_resume=True)
    first = ApplicationFactory(seeker=seeker, job=job)
    seeker_client.post(reverse("applications:withdraw", args=[first.pk]))

    job_page = seeker_client.get(job.get_absolute_url()).text
    assert "You withdrew" in job_page
    assert f'href="{reverse("applications:apply", args=[job.pk])}">Apply again</a>' in job_page
    withdrawn_page = seeker_client.get(first.get_absolute_url()).text
    assert "Apply again" in withdrawn_page

    response = seeker_client.post(
        reverse("applications:apply", args=[job.pk]), {"resume_choice": "profile", "cover_letter": "Again"}
    )

    second = Application.objects.exclude(pk=first.pk).get(job=job, seeker=seeker)
    assert response["Location"] == reverse("applications:submitted", args=[second.pk])
    assert second.status == "submitted"
    first.refresh_from_db()
    assert first.status == "withdrawn"
    listed = seeker_client.get(reverse("applications:list")).text
    assert listed.count("Second Chance") >= 2
    assert "see your current application" in seeker_client.get(first.get_absolute_url()).text
    # One current application at a time: a third submit lands on the second.
    again = seeker_client.get(reverse("applications:apply", args=[job.pk]))
    assert again["Location"] == second.get_absolute_url()


def test_the_database_allows_one_current_application_per_job_and_seeker(seeker):
    job = JobFactory(published=True)
    ApplicationFactory(seeker=seeker, job=job, status="withdrawn")
    ApplicationFactory(seeker=seeker, job=job, status="withdrawn")
    ApplicationFactory(seeker=seeker, job=job)
    with pytest.raises(IntegrityError), transaction.atomic():
        ApplicationFactory(seeker=seeker, job=job, status="in_review")


def test_the_withdraw_page_says_the_seeker_may_apply_again(seeker_client, application):
    html = seeker_client.get(reverse("applications:withdraw", args=[application.pk])).text

    assert "you can apply again" in html
    assert "you can't apply to this job again" not in html
