"""One application as the employer sees it: candidate, skill match, timeline, notes, resume."""

import re

import pytest
from django.urls import reverse

from applications.models import ApplicationEvent, ApplicationNote
from tests.assertions import assert_resume_download
from tests.factories import (
    ApplicationFactory,
    JobFactory,
    SeekerProfileFactory,
    UserFactory,
    employer_of,
)

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Current-URL": "http://testserver/employer/"}


@pytest.fixture
def member(company):
    return employer_of(company, role="recruiter", user__full_name="Rita Recruiter")


@pytest.fixture
def job(company):
    return JobFactory(
        company=company,
        published=True,
        title="Senior Django Engineer",
        required_skills=["python", "django", "kubernetes"],
        nice_skills=["docker", "celery"],
    )


@pytest.fixture
def application(job):
    seeker = UserFactory(seeker=True, full_name="Ada Lovelace", email="ada@example.com")
    SeekerProfileFactory(
        user=seeker,
        headline="Backend developer: Django, PostgreSQL",
        city="Lyon",
        country="FR",
        level="senior",
        years_experience=7,
        skills=["python", "django", "docker", "redis"],
    )
    return ApplicationFactory(
        job=job,
        seeker=seeker,
        cover_letter="I built payment APIs.\n\nI like tests.",
        resume_name="Ada CV.pdf",
    )


def detail_url(application):
    return reverse("employer:application_detail", args=[application.pk])


def note_url(application):
    return reverse("employer:application_note_add", args=[application.pk])


def resume_url(application):
    return reverse("employer:application_resume", args=[application.pk])


def section(content, element_id):
    start = content.index(f'id="{element_id}"')
    return content[start : content.find("</section>", start)]


def skills_in(content, css_class):
    match = re.search(rf'<ul class="skill-list {css_class}">(.*?)</ul>', content, re.S)
    return re.findall(r">([^<]+)</li>", match.group(1)) if match else []


# --- The page -----------------------------------------------------------------------


def test_the_page_shows_the_candidate_the_cover_letter_and_the_resume_link(member_client, application):
    response = member_client.get(detail_url(application))

    content = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Ada Lovelace</h1>" in content
    assert "Backend developer: Django, PostgreSQL" in content
    assert "<dt>Level</dt><dd>Senior</dd>" in content
    assert "<dt>Experience</dt><dd>7 years</dd>" in content
    assert "<dt>Location</dt><dd>Lyon, France</dd>" in content
    assert 'href="mailto:ada@example.com"' in content
    assert "<p>I built payment APIs.</p>" in content
    assert "<p>I like tests.</p>" in content
    assert f'href="{resume_url(application)}"' in content
    assert "Ada CV.pdf" in content


def test_the_page_compares_the_candidates_skills_with_the_job(member_client, application):
    content = member_client.get(detail_url(application)).content.decode()

    assert "Knows <strong>2 of the 3</strong> required skills." in content
    assert skills_in(content, "skill-match__have") == ["Django", "Python"]
    assert skills_in(content, "skill-match__missing") == ["Kubernetes"]
    assert skills_in(content, "skill-match__nice") == ["Docker"]
    assert skills_in(content, "skill-match__other") == ["Redis"]


def test_a_candidate_without_a_profile_shows_what_there_is(member_client, job):
    application = ApplicationFactory(job=job, seeker=UserFactory(seeker=True, full_name="No Profile"))

    response = member_client.get(detail_url(application))

    assert response.status_code == 200
    content = response.content.decode()
    assert "hasn't filled in a profile" in content
    assert skills_in(content, "skill-match__missing") == ["Django", "Kubernetes", "Python"]


def test_opening_the_application_marks_it_viewed_once_for_the_candidate(
    member_client, member, application, company
):
    member_client.get(detail_url(application))
    member_client.get(detail_url(application))
    colleague = employer_of(company)
    member_client.force_login(colleague)
    member_client.get(detail_url(application))

    application.refresh_from_db()
    assert application.viewed_at is not None
    viewed = ApplicationEvent.objects.filter(application=application, kind="viewed")
    assert [event.actor for event in viewed] == [member]
    assert viewed.get().label == "Viewed by the employer"


def test_the_status_box_has_the_timeline_and_the_move_form(member_client, application):
    member_client.post(
        reverse("employer:application_move", args=[application.pk]), {"to_status": "in_review"}
    )

    content = member_client.get(detail_url(application)).content.decode()

    status = section(content, "application-status")
    assert 'badge--app-in_review">In review</span>' in status
    labels = re.findall(r'class="timeline__label">([^<]+)<', status)
    assert labels == ["Submitted", "In review", "First opened"]
    assert "by Rita Recruiter" in status
    assert 'hx-target="#application-status"' in status
    assert 'name="return_to" value="detail"' in status
    assert '<option value="interview" selected>Interview</option>' in status


def test_a_withdrawn_application_has_no_move_form(member_client, job):
    application = ApplicationFactory(job=job, status="withdrawn")

    status = section(member_client.get(detail_url(application)).content.decode(), "application-status")

    assert "move-form" not in status
    assert "The candidate withdrew this application." in status


# --- Private notes ----------------------------------------------------------------------


def test_a_member_adds_a_private_note(member_client, member, application):
    response = member_client.post(
        note_url(application), {"body": "  Strong on Celery; ask about Kubernetes.  "}, follow=True
    )

    note = ApplicationNote.objects.get()
    assert response.redirect_chain == [(detail_url(application) + "#notes", 302)]
    assert (note.application, note.author, note.body) == (
        application,
        member,
        "Strong on Celery; ask about Kubernetes.",
    )
    notes = section(response.content.decode(), "notes")
    assert "Strong on Celery; ask about Kubernetes." in notes
    assert "Rita Recruiter" in notes
    assert "Your note was added. Only your company sees it." in response.content.decode()


def test_colleagues_see_the_notes(member_client, member, application, company):
    ApplicationNote.objects.create(application=application, author=member, body="Call on Monday")
    member_client.force_login(employer_of(company))

    assert "Call on Monday" in member_client.get(detail_url(application)).content.decode()


def test_an_htmx_note_returns_the_notes_box_with_an_empty_form(member_client, application):
    response = member_client.post(note_url(application), {"body": "Great cover letter"}, headers=HTMX)

    content = response.content.decode()
    assert content.lstrip().startswith('<section id="notes"')
    assert "<html" not in content
    assert "Great cover letter</div>" in content
    assert re.search(r"<textarea[^>]*>\s*</textarea>", content)
    assert "Your note was added." in content


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_an_empty_note_is_refused_by_the_field(member_client, application, headers):
    response = member_client.post(note_url(application), {"body": "   "}, headers=headers)

    assert response.status_code == 200
    assert "Write something first: a note can&#x27;t be empty." in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert not ApplicationNote.objects.exists()


def test_a_too_long_note_is_refused_and_kept_in_the_form(member_client, application):
    text = "x" * 5001

    response = member_client.post(note_url(application), {"body": text})

    content = response.content.decode()
    assert response.status_code == 200
    assert "Ensure this value has at most 5000 characters" in content
    assert text in content
    assert not ApplicationNote.objects.exists()


def test_note_form_ignores_posted_author_and_application(member_client, member, application, company, job):
    other = ApplicationFactory(job=job)
    colleague = employer_of(company)

    member_client.post(
        note_url(application),
        {"body": "Mine", "author": colleague.pk, "application": other.pk, "status": "hired"},
    )

    note = ApplicationNote.objects.get()
    assert (note.application, note.author) == (application, member)
    application.refresh_from_db()
    assert application.status == "submitted"


# --- Resume download ----------------------------------------------------------------------


def test_resume_downloads_as_a_sandboxed_uncached_pdf_attachment(member_client, application):
    response = member_client.get(resume_url(application))

    assert_resume_download(response, "Ada CV.pdf")


@pytest.mark.parametrize(
    ("resume_name", "expected"),
    [
        ("../../etc/passwd", "passwd.pdf"),
        ('cv"; filename="evil.html', "cv__ filename__evil.html.pdf"),
        ("", "resume.pdf"),
        ("C:\\Users\\ada\\cv.pdf", "cv.pdf"),
    ],
)
def test_resume_filename_is_made_safe(member_client, job, resume_name, expected):
    application = ApplicationFactory(job=job, resume_name=resume_name)

    response = member_client.get(resume_url(application))

    assert response["Content-Disposition"] == f'attachment; filename="{expected}"'


def test_an_application_without_a_resume_file_answers_404(member_client, job):
    application = ApplicationFactory(job=job, resume="")

    assert member_client.get(resume_url(application)).status_code == 404


def test_a_resume_missing_from_storage_answers_404(member_client, application):
    application.resume.storage.delete(application.resume.name)

    assert member_client.get(resume_url(application)).status_code == 404


@pytest.mark.parametrize("n", [1, 30])
def test_detail_query_count_does_not_grow_with_events_and_notes(
    member_client, member, application, django_assert_num_queries, n
):
    member_client.get(detail_url(application))  # already viewed: opening it again writes nothing
    ApplicationFactory(job=application.job)  # a next applicant to link to
    for i in range(n):
        ApplicationNote.objects.create(application=application, author=member, body=f"Note {i}")
        ApplicationEvent.objects.create(application=application, actor=member, to_status="in_review")

    # session, user, verified email, membership, application + job + candidate,
    # mark viewed (no-op update), membership check, candidate skills, job skills, events, notes,
    # the job's applicants in board order and the previous/next one's names, the
    # conversation's messages
    with django_assert_num_queries(14):
        response = member_client.get(detail_url(application))

    assert response.content.decode().count('class="note"') == n


# --- Previous and next applicant -------------------------------------------------------


def _applicant_on(job, name, **kwargs):
    return ApplicationFactory(job=job, seeker=UserFactory(seeker=True, full_name=name), **kwargs)


def test_an_application_links_to_the_previous_and_next_applicant_in_board_order(member_client, company):
    job = JobFactory(company=company, published=True)
    # Created in this order; the board shows New, then In review, then Interview...
    interview = _applicant_on(job, "Ivy Interview", status="interview")
    new_first = _applicant_on(job, "Nia New")
    review = _applicant_on(job, "Rex Review", status="in_review")
    new_second = _applicant_on(job, "Noor New")
    _applicant_on(JobFactory(company=company, published=True), "Other Job")

    content = member_client.get(detail_url(new_second)).content.decode()

    assert f'rel="prev" href="{detail_url(new_first)}">← Previous: Nia New</a>' in content
    assert f'rel="next" href="{detail_url(review)}">Next: Rex Review →</a>' in content
    assert "Applicant 2 of 4" in content
    first = member_client.get(detail_url(new_first)).content.decode()
    assert 'rel="prev"' not in first
    assert "Applicant 1 of 4" in first
    last = member_client.get(detail_url(interview)).content.decode()
    assert 'rel="next"' not in last
    assert f'rel="prev" href="{detail_url(review)}">' in last
