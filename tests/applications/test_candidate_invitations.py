"""Inviting a suggested candidate to apply: who may invite whom, the email the seeker
gets (and the employer never sees), the invite box on the candidates page and the note
on the job page."""

import re
from urllib.parse import quote

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime

from accounts.models import EmailOutbox
from applications import services
from applications.models import CandidateInvitation
from applications.services import AlreadyInvited, ApplicationError
from listings import cards
from listings.models import Job, JobMatch
from listings.services.matching import job_matches_refresh
from tests.factories import (
    ApplicationFactory,
    CandidateInvitationFactory,
    CompanyFactory,
    JobFactory,
    SeekerProfileFactory,
    UserFactory,
    employer_of,
)

pytestmark = pytest.mark.django_db

WEB = ["python", "django", "postgresql"]


def make_seeker(skills=WEB, full_name="Grace Hopper", **profile):
    fields = {
        "headline": "Backend developer: Django and PostgreSQL",
        "country": "DE",
        "city": "Berlin",
        "level": "senior",
        "years_experience": 7,
        "wants_remote": True,
        "desired_salary": 80_000,
        "desired_currency": "EUR",
        "open_to_matching": True,
        **profile,
    }
    user = UserFactory(seeker=True, full_name=full_name)
    return SeekerProfileFactory(user=user, skills=skills, **fields).user


def web_job(**fields):
    defaults = {
        "title": "Django Platform Engineer",
        "level": "senior",
        "work_mode": "remote",
        "salary_min": 70_000,
        "salary_max": 95_000,
        "salary_currency": "EUR",
        "required_skills": WEB,
        "applicant_locations": ["EUROPE"],
        "published": True,
    }
    job = JobFactory(**{**defaults, **fields})
    job_matches_refresh(job=job)
    return job


@pytest.fixture
def job(company):
    return web_job(company=company)


@pytest.fixture
def candidate():
    return make_seeker()


@pytest.fixture
def matched(job, candidate):
    """The job, with the candidate among its suggested candidates."""
    job_matches_refresh(job=job)
    assert JobMatch.objects.suggested_candidates_for(job).filter(seeker=candidate).exists()
    return job


def invite_url(job, seeker):
    """The seeker's invite address on the job: named by their match with it (any stored
    match, suggested or not; 999999 when they have none)."""
    match = JobMatch.objects.filter(job=job, seeker_id=seeker.pk).first()
    return reverse("employer:candidate_invite", args=[job.pk, match.pk if match else 999_999])


def match_id(job, seeker):
    return JobMatch.objects.get(job=job, seeker=seeker).pk


def candidates_url(job):
    return reverse("employer:job_candidates", args=[job.pk])


HTMX = {"HX-Request": "true"}


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def text_of(response):
    return re.sub(r"\s+", " ", response.content.decode())


def written():
    """Everything an invite could write."""
    return CandidateInvitation.objects.count(), EmailOutbox.objects.count()


# --- Inviting ------------------------------------------------------------------------------------------


def test_inviting_a_suggested_candidate_records_it_and_emails_them_the_job(
    member_client, member, matched, candidate, on_commit
):
    with on_commit():
        response = member_client.post(
            invite_url(matched, candidate), {"message": "Your Django work looks great."}
        )

    assert response.status_code == 302
    assert response["Location"] == f"{candidates_url(matched)}#invite-{match_id(matched, candidate)}"
    assert messages_of(response) == ["Invitation sent: we emailed them a link to this job."]
    invitation = CandidateInvitation.objects.get()
    assert (invitation.job, invitation.seeker, invitation.invited_by) == (matched, candidate, member)
    assert invitation.message == "Your Django work looks great."
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [candidate.email]
    assert email.subject == "Acme Backend invites you to apply: Django Platform Engineer"
    assert matched.get_absolute_url() in email.body
    assert "Your Django work looks great." in email.body
    assert "70,000–95,000 EUR" in email.body  # noqa: RUF001 - the salary range's en dash
    assert "you let employers find you by matching" in email.body
    assert reverse("accounts:profile") in email.body
    html = email.alternatives[0][0]
    assert matched.get_absolute_url() in html
    assert "Your Django work looks great." in html


def test_the_email_links_are_absolute(member_client, matched, candidate, on_commit, settings):
    settings.SITE_URL = "https://jobs.example.org"

    with on_commit():
        member_client.post(invite_url(matched, candidate))

    body = mail.outbox[0].body
    assert f"https://jobs.example.org{matched.get_absolute_url()}" in body
    assert f"https://jobs.example.org{reverse('accounts:profile')}" in body
    assert "Their note to you" not in body  # no note, no empty quote


def test_an_htmx_invite_returns_the_candidates_invite_box(member_client, matched, candidate, on_commit):
    with on_commit():
        response = member_client.post(invite_url(matched, candidate), {"message": ""}, headers=HTMX)

    assert response.status_code == 200
    content = text_of(response).strip()
    assert content.startswith(f'<div id="invite-{match_id(matched, candidate)}" class="invite-box">')
    assert "Invited on" in content
    assert "we emailed them a link to this job" in content
    assert "<html" not in content
    assert 'name="message"' not in content
    assert CandidateInvitation.objects.filter(job=matched, seeker=candidate).count() == 1
    assert len(mail.outbox) == 1


def test_a_plain_invite_comes_back_to_the_same_page_of_candidates(member_client, matched, candidate):
    response = member_client.post(invite_url(matched, candidate), {"page": "2"})

    assert response["Location"] == f"{candidates_url(matched)}?page=2#invite-{match_id(matched, candidate)}"


def test_a_note_over_1000_characters_is_refused_with_a_clear_error(member_client, matched, candidate):
    response = member_client.post(invite_url(matched, candidate), {"message": "x" * 1001}, headers=HTMX)

    content = text_of(response)
    assert "Keep the note to 1000 characters or fewer (it has 1001)." in content
    assert 'name="message"' in content  # the form again, with what was typed
    assert '<details class="invite-box__note" open>' in content
    assert written() == (0, 0)

    response = member_client.post(invite_url(matched, candidate), {"message": "x" * 1001})

    assert response.status_code == 302
    assert messages_of(response) == ["Keep the note to 1000 characters or fewer (it has 1001)."]
    assert written() == (0, 0)


def test_inviting_twice_says_when_and_sends_one_email(member_client, matched, candidate, on_commit):
    with on_commit():
        member_client.post(invite_url(matched, candidate))
        response = member_client.post(invite_url(matched, candidate), headers=HTMX)

    content = text_of(response)
    assert "You already invited them on" in content
    assert "Invited on" in content
    assert CandidateInvitation.objects.count() == 1
    assert len(mail.outbox) == 1

    response = member_client.post(invite_url(matched, candidate))
    assert messages_of(response)[-1].startswith("You already invited them on ")


def test_another_member_inviting_the_same_candidate_is_told_it_was_done(client, company, matched, candidate):
    CandidateInvitationFactory(job=matched, seeker=candidate, invited_by=employer_of(company))
    client.force_login(employer_of(company))

    response = client.post(invite_url(matched, candidate))

    assert messages_of(response)[0].startswith("You already invited them on ")
    assert CandidateInvitation.objects.count() == 1


def test_a_candidate_who_already_applied_is_not_invited(member_client, matched, candidate):
    ApplicationFactory(job=matched, seeker=candidate)

    response = member_client.post(invite_url(matched, candidate), headers=HTMX)

    content = text_of(response)
    assert "They have already applied: see your applicants." in content
    assert "Applied on" in content
    assert reverse("employer:job_applicants", args=[matched.pk]) in content
    assert written() == (0, 0)


def test_a_closed_job_cannot_invite(member_client, matched, candidate):
    # Closed a moment ago: its matches are removed by a task after commit.
    Job.objects.filter(pk=matched.pk).update(status="closed")

    response = member_client.post(invite_url(matched, candidate))

    assert messages_of(response) == ["This job is not open: you can invite candidates while it is published."]
    assert written() == (0, 0)


@pytest.mark.parametrize(
    "who",
    ["not opted in", "does not match", "deactivated", "an employer", "no such user"],
)
def test_only_suggested_candidates_can_be_invited_anyone_else_is_404(
    member_client, member, job, who, on_commit
):
    if who == "not opted in":
        seeker = make_seeker(open_to_matching=False)
    elif who == "does not match":
        seeker = make_seeker(skills=["kubernetes"])
    elif who == "deactivated":
        seeker = make_seeker()
        seeker.is_active = False
        seeker.save()
    elif who == "an employer":
        seeker = member
    else:
        seeker = UserFactory.build(pk=987_654)
    job_matches_refresh(job=job)

    with on_commit():
        plain = member_client.post(invite_url(job, seeker), {"message": "Hello"})
        htmx = member_client.post(invite_url(job, seeker), {"message": "x" * 5000}, headers=HTMX)

    assert plain.status_code == 404
    assert htmx.status_code == 404
    assert written() == (0, 0)
    assert mail.outbox == []


def test_another_companys_member_gets_404_and_nothing_changes(client, matched, candidate, on_commit):
    client.force_login(employer_of(CompanyFactory(name="Other Co")))

    with on_commit():
        plain = client.post(invite_url(matched, candidate), {"message": "Join us"})
        htmx = client.post(invite_url(matched, candidate), headers=HTMX)

    assert plain.status_code == 404
    assert htmx.status_code == 404
    assert written() == (0, 0)
    assert mail.outbox == []


def test_seekers_and_visitors_are_refused(client, matched, candidate):
    url = invite_url(matched, candidate)

    client.force_login(make_seeker())
    response = client.post(url)
    assert response.status_code == 403
    assert b"These pages are for employers" in response.content

    client.force_login(candidate)
    assert client.post(url).status_code == 403

    client.logout()
    response = client.post(url)
    assert response.status_code == 302
    # A POST can't be replayed: after logging in, back to the dashboard.
    next_url = quote(reverse("employer:dashboard"), safe="/")
    assert response["Location"] == f"{reverse('account_login')}?next={next_url}"

    response = client.post(
        url, headers={**HTMX, "HX-Current-URL": f"http://testserver{candidates_url(matched)}"}
    )
    assert response.status_code == 200
    next_url = quote(candidates_url(matched), safe="/")
    assert response["HX-Redirect"] == f"{reverse('account_login')}?next={next_url}"
    assert written() == (0, 0)


def test_inviting_is_post_only(member_client, matched, candidate):
    assert member_client.get(invite_url(matched, candidate)).status_code == 405
    assert written() == (0, 0)


def test_the_employer_never_gets_the_seekers_email_or_name(
    member_client, member, matched, candidate, on_commit
):
    with on_commit():
        response = member_client.post(invite_url(matched, candidate), {"message": "Hi"}, headers=HTMX)
    page = member_client.get(candidates_url(matched))

    assert [email.to for email in mail.outbox] == [[candidate.email]]
    assert all(member.email not in (*email.to, *email.cc, *email.bcc) for email in mail.outbox)
    for content in (response.content.decode(), page.content.decode()):
        assert candidate.email not in content
        assert "Grace Hopper" not in content
        assert "Grace" not in content


# --- The service --------------------------------------------------------------------------------------


def test_the_service_refuses_non_members_and_non_candidates(company, matched, candidate):
    with pytest.raises(PermissionDenied):
        services.candidate_invite(job=matched, seeker=candidate, by=employer_of(CompanyFactory()))
    with pytest.raises(JobMatch.DoesNotExist):
        services.candidate_invite(
            job=matched, seeker=make_seeker(open_to_matching=False), by=employer_of(company)
        )
    with pytest.raises(ApplicationError, match="1000 characters"):
        services.candidate_invite(job=matched, seeker=candidate, by=employer_of(company), message="x" * 1001)
    assert written() == (0, 0)


def test_the_service_reports_the_invitation_already_made(company, matched, candidate):
    first = services.candidate_invite(job=matched, seeker=candidate, by=employer_of(company))

    with pytest.raises(AlreadyInvited) as raised:
        services.candidate_invite(job=matched, seeker=candidate, by=employer_of(company))

    assert raised.value.invitation == first
    assert written() == (1, 1)


def test_two_members_inviting_at_once_leave_one_invitation(monkeypatch, company, matched, candidate):
    earlier = CandidateInvitationFactory(job=matched, seeker=candidate)
    real_filter = CandidateInvitation.objects.filter
    checks = []

    def filter_missing_the_other_invite_once(*args, **kwargs):
        # The other member's invitation commits between our check and our insert.
        checks.append(kwargs)
        return real_filter(*args, **kwargs).none() if len(checks) == 1 else real_filter(*args, **kwargs)

    monkeypatch.setattr(CandidateInvitation.objects, "filter", filter_missing_the_other_invite_once)

    with pytest.raises(AlreadyInvited) as raised:
        services.candidate_invite(job=matched, seeker=candidate, by=employer_of(company), message="Hi")

    assert raised.value.invitation == earlier
    assert written() == (1, 0)


# --- The candidates page ------------------------------------------------------------------------------


def test_each_candidate_card_shows_invite_invited_or_applied(member_client, company):
    fresh = make_seeker(headline="Fresh candidate")
    invited = make_seeker(headline="Invited candidate")
    applied = make_seeker(headline="Applied candidate")
    job = web_job(company=company)
    CandidateInvitationFactory(job=job, seeker=invited)
    ApplicationFactory(job=job, seeker=applied)

    response = member_client.get(candidates_url(job))

    content = text_of(response)
    assert f'id="invite-{match_id(job, fresh)}"' in content
    assert invite_url(job, fresh) in content
    assert "Invite to apply" in content
    assert "<summary>Add a note</summary>" in content
    assert 'maxlength="1000"' in content
    assert f'data-counter-for="invite-{match_id(job, fresh)}-message"' in content
    assert invite_url(job, invited) not in content
    assert invite_url(job, applied) not in content
    assert content.count("Invited on") == 1
    assert content.count("Applied on") == 1
    assert reverse("employer:job_applicants", args=[job.pk]) in content
    assert content.count("Invite to apply</button>") == 1


def test_the_candidates_page_has_no_inline_script_or_style(member_client, matched, candidate):
    content = member_client.get(candidates_url(matched)).content.decode()

    assert " style=" not in content
    assert not re.search(r"\son[a-z]+=", content)
    assert "hx-on" not in content


@pytest.mark.parametrize("n", [2, 16])
def test_the_candidates_page_query_count_stays_flat_with_invitations(
    member_client, company, django_assert_num_queries, n
):
    seekers = [make_seeker() for _ in range(n)]
    job = web_job(company=company)
    for seeker in seekers[: n // 2]:
        CandidateInvitationFactory(job=job, seeker=seeker)
    ApplicationFactory(job=job, seeker=seekers[-1])

    # session, user, verified email, membership + company, job, count,
    # page of matches + profiles, their skills, the job's skill ids, invitations,
    # applications
    with django_assert_num_queries(11):
        response = member_client.get(candidates_url(job))
    assert len(response.context["matches"]) == n


# --- The job page -------------------------------------------------------------------------------------


def test_an_invited_seeker_sees_the_invitation_on_the_job_page(client, matched, candidate):
    invitation = CandidateInvitationFactory(job=matched, seeker=candidate)
    client.force_login(candidate)

    content = text_of(client.get(matched.get_absolute_url()))

    when = date_format(localtime(invitation.created_at), "j M Y")
    assert "Acme Backend invited you to apply on <time datetime=" in content
    assert f">{when}</time>." in content
    assert reverse("applications:apply", args=[matched.pk]) in content


def test_other_visitors_see_no_invitation_note(client, matched, candidate):
    CandidateInvitationFactory(job=matched, seeker=candidate)

    assert "invited you to apply" not in client.get(matched.get_absolute_url()).text
    client.force_login(make_seeker())
    assert "invited you to apply" not in client.get(matched.get_absolute_url()).text


def test_an_invited_seeker_who_applied_sees_their_application_instead(client, matched, candidate):
    CandidateInvitationFactory(job=matched, seeker=candidate)
    ApplicationFactory(job=matched, seeker=candidate)
    client.force_login(candidate)

    content = text_of(client.get(matched.get_absolute_url()))

    assert "You applied on" in content
    assert "invited you to apply" not in content


def test_the_job_page_costs_an_invited_seeker_no_extra_query(client, matched, candidate):
    other = web_job(title="Another Django job")
    CandidateInvitationFactory(job=matched, seeker=candidate)
    CandidateInvitationFactory.create_batch(3, job=other)
    client.force_login(candidate)
    client.get(other.get_absolute_url())  # warm caches (session, content types)

    # Both with no card kept (similar jobs' cards read their skills only when not kept).
    cards.clear()
    with CaptureQueriesContext(connection) as invited:
        client.get(matched.get_absolute_url())
    cards.clear()
    with CaptureQueriesContext(connection) as not_invited:
        client.get(other.get_absolute_url())

    assert len(invited) == len(not_invited)


# --- Junk input -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "error"),
    [
        ("Hi\x00there", "Null characters are not allowed."),
        ("a" * 10_000, "Keep the note to 1000 characters or fewer (it has 10000)."),
    ],
)
def test_junk_notes_get_a_clear_error_never_a_500(member_client, matched, candidate, message, error):
    htmx = member_client.post(invite_url(matched, candidate), {"message": message}, headers=HTMX)
    plain = member_client.post(invite_url(matched, candidate), {"message": message, "page": "../../evil"})

    assert htmx.status_code == 200
    assert error in htmx.content.decode()
    assert plain.status_code == 302
    assert plain["Location"] == f"{candidates_url(matched)}#invite-{match_id(matched, candidate)}"
    assert messages_of(plain) == [error]
    assert written() == (0, 0)


def test_an_html_note_is_escaped_in_the_email(member_client, matched, candidate, on_commit):
    note = '<script>alert("x")</script><a href="https://evil.example">click</a>'

    with on_commit():
        response = member_client.post(invite_url(matched, candidate), {"message": note, "page": "-1"})

    assert response.status_code == 302
    html = mail.outbox[0].alternatives[0][0]
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert 'href="https://evil.example"' not in html
    assert note in mail.outbox[0].body  # plain text carries it as typed


@pytest.mark.parametrize("junk", ["huge job id", "huge match id", "zero match id"])
def test_junk_ids_are_404(member_client, matched, candidate, junk):
    job_pk, match_pk = {
        "huge job id": (10**20, match_id(matched, candidate)),
        "huge match id": (matched.pk, 10**20),
        "zero match id": (matched.pk, 0),
    }[junk]

    response = member_client.post(reverse("employer:candidate_invite", args=[job_pk, match_pk]), headers=HTMX)

    assert response.status_code == 404
    assert written() == (0, 0)
