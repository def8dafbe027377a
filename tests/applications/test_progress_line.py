"""My applications: each application's progress as a line of steps."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import ApplicationEvent
from applications.progress import progress_steps
from tests.factories import ApplicationFactory, JobFactory, UserFactory


def line(progress):
    return [(step["label"], step["state"]) for step in progress["steps"]], progress["end"]


def test_a_fresh_application_is_sent_and_waits_to_be_viewed():
    assert line(progress_steps(status="submitted", viewed=False)) == (
        [
            ("Sent", "current"),
            ("Viewed", "todo"),
            ("In review", "todo"),
            ("Interview", "todo"),
            ("Offer", "todo"),
            ("Hired", "todo"),
        ],
        None,
    )


def test_an_interview_has_everything_before_it_done():
    steps, end = line(progress_steps(status="interview", viewed=True))

    assert steps[:4] == [
        ("Sent", "done"),
        ("Viewed", "done"),
        ("In review", "done"),
        ("Interview", "current"),
    ]
    assert end is None


def test_hired_is_the_whole_line_done():
    steps, _end = line(progress_steps(status="hired", viewed=True))

    assert {state for _label, state in steps} == {"done"}


def test_not_selected_after_an_interview_ends_the_line_there():
    assert line(
        progress_steps(status="rejected", viewed=True, history=["submitted", "in_review", "interview"])
    ) == (
        [("Sent", "done"), ("Viewed", "done"), ("In review", "done"), ("Interview", "done")],
        "Not selected",
    )


def test_withdrawn_before_anyone_looked():
    assert line(progress_steps(status="withdrawn", viewed=False, history=["submitted"])) == (
        [("Sent", "done")],
        "Withdrawn",
    )


@pytest.fixture
def seeker(db):
    return UserFactory(seeker=True)


@pytest.mark.django_db
def test_my_applications_draws_each_line_in_a_fixed_number_of_queries(
    seeker_client, seeker, django_assert_num_queries
):
    viewed = ApplicationFactory(seeker=seeker, job=JobFactory(published=True), viewed_at=timezone.now())
    stopped = ApplicationFactory(seeker=seeker, job=JobFactory(published=True), status="rejected")
    ApplicationEvent.objects.create(application=stopped, from_status="submitted", to_status="interview")
    ApplicationFactory.create_batch(5, seeker=seeker)

    response = seeker_client.get(reverse("applications:list"))
    content = response.content.decode()

    lines = re.findall(
        r'<ol class="progress-line plain-list" aria-label="Progress">(.*?)</ol>', content, re.S
    )
    assert len(lines) == 7
    by_job = dict(
        zip(re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', content), lines, strict=True)
    )
    viewed_line = by_job[viewed.job.title]
    assert 'progress-line__step--done">Sent' in viewed_line
    assert 'progress-line__step--current" aria-current="step">Viewed' in viewed_line
    stopped_line = by_job[stopped.job.title]
    assert 'progress-line__step--done">Interview' in stopped_line
    assert 'progress-line__step--end" aria-current="step">Not selected</li>' in stopped_line
    assert "Offer" not in stopped_line
    # however many applications: session, user, the applications, their history, unread messages
    with django_assert_num_queries(5):
        seeker_client.get(reverse("applications:list"))
