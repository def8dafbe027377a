"""The person's name: asked at signup and on the profile, asked on the apply form when the
account has none, and shown to the employer instead of the email address."""

import pytest
from django.urls import reverse

from accounts.models import User
from applications.models import Application
from tests.factories import JobFactory, SeekerProfileFactory, UserFactory, employer_of

pytestmark = pytest.mark.django_db

PASSWORD = "blue-Pelican-42-harbour"


def signup_data(**overrides):
    data = {
        "email": "jane@example.com",
        "full_name": "  Jane   Doe ",
        "role": "seeker",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_signup_asks_for_the_name_before_the_email(client):
    html = client.get(reverse("account_signup")).text

    assert html.index('name="full_name"') < html.index('name="email"')
    assert 'autocomplete="name"' in html


def test_signup_saves_the_name_tidied(client, on_commit):
    with on_commit():
        response = client.post(reverse("account_signup"), signup_data())

    assert response.status_code == 302
    assert User.objects.get(email="jane@example.com").full_name == "Jane Doe"


def test_signup_without_a_name_says_why_it_is_needed(client):
    response = client.post(reverse("account_signup"), signup_data(full_name=""))

    assert response.status_code == 200
    assert "Enter your name: employers see it when you apply." in response.text
    assert not User.objects.filter(email="jane@example.com").exists()


def test_profile_shows_and_changes_the_name(client):
    seeker = UserFactory(seeker=True, full_name="Jane Doe")
    client.force_login(seeker)

    assert 'value="Jane Doe"' in client.get(reverse("accounts:profile")).text
    response = client.post(
        reverse("accounts:profile"),
        {"full_name": "Jane Q. Doe", "desired_currency": "EUR", "skills": ["python"]},
    )

    assert response.status_code == 302
    seeker.refresh_from_db()
    assert seeker.full_name == "Jane Q. Doe"


def test_apply_form_asks_a_nameless_seeker_for_the_name_and_the_employer_sees_it(client, on_commit):
    job = JobFactory(published=True)
    seeker = UserFactory(seeker=True, full_name="")
    SeekerProfileFactory(user=seeker, with_resume=True)
    client.force_login(seeker)
    url = reverse("applications:apply", args=[job.pk])

    assert 'name="full_name"' in client.get(url).text
    refused = client.post(url, {"resume_choice": "profile", "full_name": " "})
    assert "Enter your name: the employer sees it with your application." in refused.text
    with on_commit():
        client.post(url, {"resume_choice": "profile", "full_name": "Ada Lovelace"})

    application = Application.objects.get(job=job, seeker=seeker)
    seeker.refresh_from_db()
    assert seeker.full_name == "Ada Lovelace"
    client.force_login(employer_of(job.company))
    applicants = client.get(reverse("employer:job_applicants", args=[job.pk])).text
    assert "Ada Lovelace" in applicants
    detail = client.get(reverse("employer:application_detail", args=[application.pk])).text
    assert "<h1>Ada Lovelace</h1>" in detail


def test_apply_form_names_the_seeker_who_has_a_name(client):
    job = JobFactory(published=True)
    seeker = UserFactory(seeker=True, full_name="Grace Hopper")
    SeekerProfileFactory(user=seeker, with_resume=True)
    client.force_login(seeker)

    html = client.get(reverse("applications:apply", args=[job.pk])).text

    assert 'name="full_name"' not in html
    assert "will see your name (Grace Hopper)" in html
