"""The applicants board of a job: columns, cards, moves (plain and htmx), emails, counts."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from applications.models import Application, ApplicationEvent
from listings.views.employer import DASHBOARD_PAGE_SIZE
from tests.factories import (
    ApplicationFactory,
    JobFactory,
    SeekerProfileFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Current-URL": "http://testserver/employer/"}


@pytest.fixture
def job(company):
    return JobFactory(company=company, published=True, title="Senior Django Engineer")


def applicant(job, name="Ada Lovelace", **kwargs):
    seeker = UserFactory(seeker=True, full_name=name)
    SeekerProfileFactory(
        user=seeker,
        headline="Backend developer: Django, PostgreSQL",
        city="Lyon",
        country="FR",
        level="senior",
        years_experience=7,
    )
    return ApplicationFactory(job=job, seeker=seeker, **kwargs)


def board_url(job):
    return reverse("employer:job_applicants", args=[job.pk])


def move_url(application):
    return reverse("employer:application_move", args=[application.pk])


def column(response, status):
    """The HTML of one column of the board."""
    content = response.content.decode()
    start = content.index(f'id="column-{status}"')
    end = content.find("</section>", start)
    return content[start:end]


def job_card(content, job):
    """The dashboard's entry for one job."""
    start = content.index(f'id="job-{job.pk}"')
    end = content.find('<li class="card employer-job"', start)
    return content[start : end if end != -1 else None]


def messages_on(response):
    return [str(message) for message in response.context["messages"]]


# --- The board ------------------------------------------------------------------


def test_board_shows_every_stage_as_a_column_with_its_candidates(member_client, job):
    new = applicant(job, "Ada Lovelace")
    interviewing = applicant(job, "Grace Hopper", status="interview")
    withdrawn = applicant(job, "Alan Turing", status="withdrawn")

    response = member_client.get(board_url(job))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Applicants for Senior Django Engineer" in content
    columns = [
        ("submitted", "New"),
        ("in_review", "In review"),
        ("interview", "Interview"),
        ("offer", "Offer"),
        ("hired", "Hired"),
        ("rejected", "Not selected"),
        ("withdrawn", "Withdrawn"),
    ]
    positions = [content.index(f'id="column-{status}"') for status, _ in columns]
    assert positions == sorted(positions)
    for status, title in columns:
        assert re.search(rf'id="column-{status}-title">\s*{title} <span', content), title
    assert "Ada Lovelace" in column(response, "submitted")
    assert "Grace Hopper" in column(response, "interview")
    assert "Alan Turing" in column(response, "withdrawn")
    assert "3 applicants" in content
    for application in (new, interviewing, withdrawn):
        assert reverse("employer:application_detail", args=[application.pk]) in content


def test_a_card_shows_who_the_candidate_is_and_when_they_applied(member_client, job):
    application = applicant(job, "Ada Lovelace")

    card = column(member_client.get(board_url(job)), "submitted")

    assert "Backend developer: Django, PostgreSQL" in card
    assert "Senior · 7 years" in card
    assert "Lyon, France" in card
    assert f"{application.created_at:%-d %b %Y}</time>" in card
    assert "Applied <time" in card
    assert 'class="badge badge--new">New</span>' in card


def test_a_candidate_without_a_profile_still_gets_a_card(member_client, job):
    ApplicationFactory(job=job, seeker=UserFactory(seeker=True, full_name="No Profile"))

    response = member_client.get(board_url(job))

    assert response.status_code == 200
    assert "No Profile" in column(response, "submitted")


def test_the_new_marker_goes_once_someone_opened_the_application(member_client, job):
    application = applicant(job)
    member_client.get(reverse("employer:application_detail", args=[application.pk]))

    response = member_client.get(board_url(job))

    assert "badge--new" not in column(response, "submitted")
    assert "new</strong>" not in response.content.decode()


def test_each_movable_card_offers_the_other_stages_the_next_one_first(member_client, job):
    application = applicant(job, status="in_review")

    card = column(member_client.get(board_url(job)), "in_review")

    assert f'action="{move_url(application)}"' in card
    assert f'hx-post="{move_url(application)}"' in card
    assert 'hx-target="#board"' in card
    assert '<option value="interview" selected>Interview</option>' in card
    assert 'value="in_review"' not in card  # where it already is
    assert 'value="submitted"' not in card  # "New" is where candidates arrive
    for value in ("offer", "hired", "rejected"):
        assert f'<option value="{value}"' in card


@pytest.mark.parametrize("status", ["hired", "withdrawn"])
def test_hired_and_withdrawn_cards_are_read_only(member_client, job, status):
    applicant(job, status=status)

    card = column(member_client.get(board_url(job)), status)

    assert "move-form" not in card


def test_an_empty_board_says_nobody_applied_yet(member_client, job):
    response = member_client.get(board_url(job))

    assert "No one has applied yet" in response.content.decode()


def test_the_board_shows_only_this_jobs_applicants(member_client, job, company):
    applicant(JobFactory(company=company, published=True), "Other Job Candidate")

    assert "Other Job Candidate" not in member_client.get(board_url(job)).content.decode()


def test_an_htmx_get_gets_only_the_board(member_client, job):
    applicant(job, "Ada Lovelace")

    response = member_client.get(board_url(job), headers=HTMX)

    content = response.content.decode()
    assert content.lstrip().startswith('<div id="board"')
    assert "<html" not in content
    assert "Ada Lovelace" in content
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize("n", [1, 30])
def test_board_query_count_is_flat(member_client, job, django_assert_num_queries, n):
    statuses = ["submitted", "in_review", "interview", "offer", "hired", "rejected", "withdrawn"]
    for i in range(n):
        applicant(job, f"Candidate {i}", status=statuses[i % len(statuses)])

    # session, user, verified email, membership + company, job, applications,
    # the match scores (job skills, job locations, the applicants' skills), unread messages
    with django_assert_num_queries(10):
        response = member_client.get(board_url(job))

    assert response.content.decode().count('<li class="applicant-card') == n


# --- Moving candidates -------------------------------------------------------------


def test_a_plain_post_moves_the_candidate_and_comes_back_to_the_board(member_client, member, job, on_commit):
    application = applicant(job, "Ada Lovelace")

    with on_commit():
        response = member_client.post(move_url(application), {"to_status": "in_review"}, follow=True)

    application.refresh_from_db()
    assert response.redirect_chain == [(board_url(job), 302)]
    assert application.status == "in_review"
    assert messages_on(response) == ["Ada Lovelace moved to “In review”."]
    assert "Ada Lovelace" in column(response, "in_review")
    event = ApplicationEvent.objects.filter(application=application).last()
    assert (event.actor, event.from_status, event.to_status) == (member, "submitted", "in_review")
    assert mail.outbox == []  # in review is internal: no email


def test_an_htmx_move_returns_the_updated_board_with_the_message(member_client, job, on_commit):
    application = applicant(job, "Ada Lovelace")

    with on_commit():
        response = member_client.post(move_url(application), {"to_status": "interview"}, headers=HTMX)

    application.refresh_from_db()
    assert response.status_code == 200
    assert application.status == "interview"
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="board"')
    assert "<html" not in content
    assert "Ada Lovelace moved to “Interview”. We emailed them the news." in content
    card = column(response, "interview")
    assert "Ada Lovelace" in card
    assert "data-moved" in card
    assert "Ada Lovelace" not in column(response, "submitted")


@pytest.mark.parametrize(
    ("status", "subject_words"),
    [
        ("interview", "would like to interview you"),
        ("offer", "An offer from"),
        ("hired", "Welcome aboard"),
        ("rejected", "Your application for"),
    ],
)
def test_moving_to_a_stage_that_concerns_the_candidate_emails_them_once(
    member_client, job, on_commit, status, subject_words
):
    application = applicant(job, status="in_review")

    with on_commit():
        member_client.post(move_url(application), {"to_status": status})

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [application.seeker.email]
    assert subject_words in email.subject
    assert "Senior Django Engineer" in email.subject
    assert "Senior Django Engineer" in email.body
    assert "Acme Backend" in email.body
    assert reverse("applications:detail", args=[application.pk]) in email.body
    html = email.alternatives[0][0]
    assert "Senior Django Engineer" in html
    assert "{{" not in email.body + html + email.subject


def test_the_rejection_email_is_kind_and_says_not_selected(member_client, job, on_commit):
    application = applicant(job, "Ada Lovelace")

    with on_commit():
        member_client.post(move_url(application), {"to_status": "rejected"})

    body = mail.outbox[0].body
    assert body.startswith("Hello Ada,")
    assert "Thank you for applying" in body
    assert "not selected" in body
    assert "rejected" not in (mail.outbox[0].subject + body).lower()


def test_a_duplicate_move_sends_nothing_more_and_says_so(member_client, job, on_commit):
    application = applicant(job)
    with on_commit():
        member_client.post(move_url(application), {"to_status": "interview"}, follow=True)

    with on_commit():
        response = member_client.post(move_url(application), {"to_status": "interview"}, follow=True)

    assert len(mail.outbox) == 1
    assert messages_on(response) == ["The application is already “Interview”."]
    assert ApplicationEvent.objects.filter(application=application, to_status="interview").count() == 1


def test_a_duplicate_htmx_move_shows_the_message_in_the_board(member_client, job):
    application = applicant(job, status="interview")

    response = member_client.post(move_url(application), {"to_status": "interview"}, headers=HTMX)

    assert response.status_code == 200
    assert "The application is already “Interview”." in response.content.decode()


def test_a_candidate_not_selected_can_be_brought_back_to_review(member_client, job):
    application = applicant(job, status="rejected")

    member_client.post(move_url(application), {"to_status": "in_review"})

    application.refresh_from_db()
    assert application.status == "in_review"


@pytest.mark.parametrize("status", ["hired", "withdrawn"])
def test_final_applications_cannot_move_and_the_employer_is_told(member_client, job, status):
    application = applicant(job, status=status)

    response = member_client.post(move_url(application), {"to_status": "in_review"}, follow=True)

    application.refresh_from_db()
    assert response.status_code == 200
    assert application.status == status
    assert "can't change now" in messages_on(response)[0]


@pytest.mark.parametrize("target", ["submitted", "withdrawn", "archived", ""])
def test_moving_to_a_stage_outside_the_pipeline_is_refused_with_a_message(member_client, job, target):
    application = applicant(job, status="in_review")

    response = member_client.post(move_url(application), {"to_status": target}, follow=True)

    application.refresh_from_db()
    assert response.status_code == 200
    assert application.status == "in_review"
    assert messages_on(response) == ["Pick the stage to move the candidate to."]


def test_a_move_from_the_application_page_goes_back_there(member_client, job):
    application = applicant(job)
    detail = reverse("employer:application_detail", args=[application.pk])

    response = member_client.post(move_url(application), {"to_status": "in_review", "return_to": "detail"})

    assert response.status_code == 302
    assert response["Location"] == detail


def test_an_htmx_move_from_the_application_page_returns_its_status_box(member_client, job):
    application = applicant(job, "Ada Lovelace")

    response = member_client.post(
        move_url(application), {"to_status": "offer", "return_to": "detail"}, headers=HTMX
    )

    content = response.content.decode()
    assert content.lstrip().startswith('<section id="application-status"')
    assert "Ada Lovelace moved to “Offer”." in content
    assert 'badge--app-offer">Offer</span>' in content
    assert re.findall(r'class="timeline__label">([^<]+)<', content) == ["Submitted", "Offer"]


def test_return_to_is_a_fixed_choice_never_a_url(member_client, job):
    application = applicant(job)

    response = member_client.post(
        move_url(application), {"to_status": "in_review", "return_to": "https://evil.example"}
    )

    assert response["Location"] == board_url(job)


def test_posted_fields_other_than_the_stage_are_ignored(member_client, job, company):
    application = applicant(job)
    other_job = JobFactory(company=company, published=True)
    other_seeker = UserFactory(seeker=True)

    member_client.post(
        move_url(application),
        {"to_status": "in_review", "job": other_job.pk, "seeker": other_seeker.pk, "status": "hired"},
    )

    application.refresh_from_db()
    assert (application.status, application.job, application.seeker) == ("in_review", job, application.seeker)
    assert application.seeker != other_seeker


def test_moving_only_answers_post(member_client, job):
    application = applicant(job)

    assert member_client.get(move_url(application)).status_code == 405
    assert Application.objects.get(pk=application.pk).status == "submitted"


# --- Dashboard counts ----------------------------------------------------------------


def test_dashboard_counts_applicants_and_the_new_ones(member_client, job, company):
    applicant(job, "One")
    applicant(job, "Two")
    seen = applicant(job, "Three", status="in_review")
    member_client.get(reverse("employer:application_detail", args=[seen.pk]))
    quiet = JobFactory(company=company, published=True, title="Quiet job")
    applicant(JobFactory(published=True), "Someone else's candidate")

    content = member_client.get(reverse("employer:dashboard")).content.decode()

    card = job_card(content, job)
    assert "<dt>Applicants</dt><dd>3</dd>" in card
    assert "<dt>New</dt><dd>2</dd>" in card
    assert f'href="{board_url(job)}">Applicants (3, 2 new)</a>' in card
    quiet_card = job_card(content, quiet)
    assert "<dt>Applicants</dt><dd>0</dd>" in quiet_card
    assert f'href="{board_url(quiet)}">Applicants (0)</a>' in quiet_card


def test_a_draft_without_applicants_has_no_applicants_link(member_client, company):
    draft = JobFactory(company=company)

    content = member_client.get(reverse("employer:dashboard")).content.decode()

    assert board_url(draft) not in content


@pytest.mark.parametrize("n", [1, 30])
def test_dashboard_counts_keep_the_query_count_flat(member_client, company, django_assert_num_queries, n):
    for i in range(n):
        job = JobFactory(company=company, published=True)
        applicant(job, f"Candidate {i}")

    # session, user, verified email, membership + company; job counts per tab, new
    # applicants; the page's count and jobs with counts; views and applications per day
    with django_assert_num_queries(10):
        response = member_client.get(reverse("employer:dashboard"))

    assert response.content.decode().count("<dt>New</dt><dd>1</dd>") == min(n, DASHBOARD_PAGE_SIZE)


def test_empty_stages_shrink_to_their_title_so_every_stage_fits(member_client, job):
    applicant(job)

    content = member_client.get(board_url(job)).content.decode()

    classes = dict(re.findall(r'<section class="pipeline__column pipeline__column--(\w+)([^"]*)"', content))
    assert classes == {
        "submitted": "",
        "in_review": " pipeline__column--empty",
        "interview": " pipeline__column--empty",
        "offer": " pipeline__column--empty",
        "hired": " pipeline__column--empty",
        "rejected": " pipeline__column--empty",
        "withdrawn": " pipeline__column--empty",
    }
