"""The job seeker's profile page: fields, skills, matching opt-in, the resume and who may see it."""

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import SeekerProfile
from tests.assertions import assert_resume_download
from tests.factories import SeekerProfileFactory, UserFactory, pdf_upload

pytestmark = pytest.mark.django_db

PROFILE = reverse("accounts:profile")
RESUME = reverse("accounts:profile_resume")


def profile_data(**overrides):
    data = {
        "full_name": "Jane Doe",
        "headline": "Backend developer: FastAPI and PostgreSQL",
        "city": "Porto",
        "country": "PT",
        "level": "senior",
        "years_experience": "7",
        "skills": ["python", "fastapi", "postgresql"],
        "desired_salary": "85000",
        "desired_currency": "EUR",
        "wants_remote": "on",
        "wants_hybrid": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def seeker():
    return UserFactory(seeker=True)


def test_a_new_seeker_sees_an_empty_profile_form_and_no_row_is_created(seeker_client, seeker):
    response = seeker_client.get(PROFILE)

    assert response.status_code == 200
    assert "Let employers find me by matching" in response.text
    assert "No resume yet" in response.text
    assert not SeekerProfile.objects.filter(user=seeker).exists()


def test_the_matching_opt_in_is_off_by_default_and_explains_what_employers_see(seeker_client):
    response = seeker_client.get(PROFILE)

    assert response.context["form"]["open_to_matching"].value() is False
    assert 'name="open_to_matching"' in response.text
    assert "checked" not in response.text.split('name="open_to_matching"')[1].split(">")[0]
    assert "They don't see your email address or your resume" in response.text


def test_the_skill_picker_groups_the_taxonomy_by_category(seeker_client):
    response = seeker_client.get(PROFILE)

    assert '<fieldset class="skill-picker__group">' in response.text
    assert 'value="django"' in response.text
    assert "Framework" in response.text or "Frameworks" in response.text


def test_a_seeker_saves_every_profile_field(seeker_client, seeker):
    response = seeker_client.post(PROFILE, profile_data(open_to_matching="on"), follow=True)

    assert response.redirect_chain == [(PROFILE, 302)]
    assert "Your profile was saved." in response.text
    profile = SeekerProfile.objects.get(user=seeker)
    assert profile.headline == "Backend developer: FastAPI and PostgreSQL"
    assert (profile.city, profile.country.code, profile.level) == ("Porto", "PT", "senior")
    assert profile.years_experience == 7
    assert sorted(profile.skills.values_list("slug", flat=True)) == ["fastapi", "postgresql", "python"]
    assert (profile.desired_salary, profile.desired_currency) == (85000, "EUR")
    assert profile.preferred_work_modes == ["remote", "hybrid"]
    assert profile.open_to_matching is True
    assert not profile.resume


def test_unticking_everything_clears_skills_modes_and_matching(seeker_client, seeker):
    SeekerProfileFactory(user=seeker, open_to_matching=True, wants_remote=True)

    seeker_client.post(PROFILE, profile_data(skills=None, wants_remote=None, wants_hybrid=None))

    profile = SeekerProfile.objects.get(user=seeker)
    assert list(profile.skills.all()) == []
    assert profile.preferred_work_modes == []
    assert profile.open_to_matching is False


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("years_experience", "-1", "greater than or equal to 0"),
        ("desired_salary", "0", "greater than or equal to 1"),
        ("desired_currency", "XYZ", "Select a valid choice"),
        ("skills", ["no-such-skill"], "Select a valid choice"),
        ("level", "wizard", "Select a valid choice"),
    ],
)
def test_invalid_fields_are_explained_and_nothing_is_saved(seeker_client, seeker, field, value, message):
    SeekerProfileFactory(user=seeker, headline="Before")

    response = seeker_client.post(PROFILE, profile_data(**{field: value}))

    assert response.status_code == 200
    assert message in response.text
    assert SeekerProfile.objects.get(user=seeker).headline == "Before"


def test_fields_the_seeker_may_not_set_are_ignored(seeker_client, seeker):
    other = UserFactory(seeker=True)

    seeker_client.post(
        PROFILE,
        profile_data(user=other.pk, resume_name="evil.pdf", resume_uploaded_at="2001-01-01"),
    )

    profile = SeekerProfile.objects.get(user=seeker)
    assert profile.resume_name == ""
    assert profile.resume_uploaded_at is None
    assert not SeekerProfile.objects.filter(user=other).exists()


# --- Resume upload ------------------------------------------------------------------


def test_a_pdf_resume_is_stored_privately_under_a_random_name(seeker_client, seeker, settings):
    seeker_client.post(PROFILE, profile_data(resume=pdf_upload("Jane Doe CV.pdf")))

    profile = SeekerProfile.objects.get(user=seeker)
    assert profile.resume_name == "Jane Doe CV.pdf"
    assert profile.resume_uploaded_at is not None
    assert profile.resume.name.startswith("resumes/")
    assert "Jane" not in profile.resume.name
    assert profile.resume.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not str(profile.resume.path).startswith(str(settings.MEDIA_ROOT))
    assert profile.resume.read().startswith(b"%PDF-")


def test_the_profile_shows_the_resume_with_its_name_and_date(seeker_client, seeker):
    SeekerProfileFactory(user=seeker, with_resume=True)

    response = seeker_client.get(PROFILE)

    assert "my-cv.pdf" in response.text
    assert f'href="{RESUME}"' in response.text


def multipart(fields, file_field, file_name, content):
    """A multipart body written by hand: the test client would strip folders from the name."""
    boundary = "BoUnDaRy"
    parts = []
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{item}\r\n'.encode()
            )
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{file_name}"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


@pytest.mark.parametrize("file_name", ["../../etc/passwd.pdf", "..\\..\\windows\\cv.pdf", "/etc/cv.pdf"])
def test_a_path_in_the_uploaded_name_is_only_display_text(seeker_client, seeker, tmp_path, file_name):
    body, content_type = multipart(profile_data(), "resume", file_name, pdf_upload().read())

    response = seeker_client.post(PROFILE, body, content_type=content_type)

    assert response.status_code == 302
    profile = SeekerProfile.objects.get(user=seeker)
    assert "/" not in profile.resume_name
    assert "\\" not in profile.resume_name
    assert profile.resume_name.endswith(".pdf")
    assert profile.resume.name.startswith("resumes/")
    assert profile.resume_name not in profile.resume.name
    stored = list(tmp_path.rglob("*.pdf"))
    assert [path.relative_to(tmp_path).parts[:2] for path in stored] == [("private_media", "resumes")]


def test_a_new_resume_replaces_the_old_file(seeker_client, seeker, on_commit):
    profile = SeekerProfileFactory(user=seeker, with_resume=True)
    old_path = profile.resume.path

    with on_commit():
        seeker_client.post(PROFILE, profile_data(resume=pdf_upload("new.pdf")))

    profile.refresh_from_db()
    assert profile.resume_name == "new.pdf"
    assert profile.resume.path != old_path
    assert not os.path.exists(old_path)


def _upload(name, content, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


BAD_RESUMES = {
    "not a PDF renamed .pdf": (_upload("cv.pdf", b"PK\x03\x04 this is a zip file"), "not a PDF"),
    "an HTML page named .pdf": (
        _upload("cv.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        "not a PDF",
    ),
    "an SVG named .pdf": (
        _upload("cv.pdf", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        "not a PDF",
    ),
    "a PDF header hiding HTML": (
        _upload("cv.pdf", b"%PDF-1.4\n<html><body><script>alert(1)</script></body></html>"),
        "web page or image markup",
    ),
    "a PDF header hiding SVG": (
        _upload("cv.pdf", b"%PDF-1.4\n<svg xmlns='http://www.w3.org/2000/svg'><script>x</script></svg>"),
        "web page or image markup",
    ),
    "an empty file": (_upload("cv.pdf", b""), "This file is empty"),
    "over 5 MB": (None, "Upload a PDF of at most 5 MB"),
    "a not-PDF with ../ in its name": (_upload("../../etc/passwd.pdf", b"root:x:0:0:root"), "not a PDF"),
}


@pytest.mark.parametrize("case", BAD_RESUMES)
def test_a_bad_resume_is_refused_clearly_and_the_existing_one_is_kept(seeker_client, seeker, case):
    profile = SeekerProfileFactory(user=seeker, with_resume=True, headline="Before")
    before = (profile.resume.name, profile.resume_name, profile.resume_uploaded_at)
    upload, message = BAD_RESUMES[case]
    if upload is None:
        upload = pdf_upload(size=5 * 1024 * 1024 + 1)
    upload.seek(0)

    response = seeker_client.post(PROFILE, profile_data(resume=upload, headline="After"))

    assert response.status_code == 200
    assert message in response.text
    assert "Please correct the error below." in response.text
    profile.refresh_from_db()
    assert (profile.resume.name, profile.resume_name, profile.resume_uploaded_at) == before
    assert profile.headline == "Before"
    assert profile.resume.read().startswith(b"%PDF-")
    # The page still shows the resume they have.
    assert "my-cv.pdf" in response.text


def test_a_pdf_of_exactly_5_mb_is_accepted(seeker_client, seeker):
    seeker_client.post(PROFILE, profile_data(resume=pdf_upload(size=5 * 1024 * 1024)))

    assert SeekerProfile.objects.get(user=seeker).resume.size == 5 * 1024 * 1024


# --- Resume download --------------------------------------------------------------------


def test_the_seeker_downloads_their_resume_as_a_sandboxed_attachment(seeker_client, seeker):
    SeekerProfileFactory(user=seeker, with_resume=True)

    response = seeker_client.get(RESUME)

    assert_resume_download(response, "my-cv.pdf")


@pytest.mark.parametrize(
    ("stored_name", "header"),
    [
        ('cv"; filename="evil.html', 'attachment; filename="cv__ filename__evil.html.pdf"'),
        ("cv\r\nSet-Cookie: x=1.pdf", 'attachment; filename="cv__Set-Cookie_ x_1.pdf"'),
        ("", 'attachment; filename="resume.pdf"'),
    ],
)
def test_the_download_name_is_made_safe(seeker_client, seeker, stored_name, header):
    SeekerProfileFactory(user=seeker, with_resume=True, resume_name=stored_name)

    response = seeker_client.get(RESUME)

    assert response["Content-Disposition"] == header


def test_no_resume_is_404(seeker_client, seeker):
    assert seeker_client.get(RESUME).status_code == 404
    SeekerProfileFactory(user=seeker)
    assert seeker_client.get(RESUME).status_code == 404


def test_a_resume_missing_on_disk_is_404_not_500(seeker_client, seeker):
    profile = SeekerProfileFactory(user=seeker, with_resume=True)
    profile.resume.storage.delete(profile.resume.name)

    assert seeker_client.get(RESUME).status_code == 404


# --- Who may use these pages ----------------------------------------------------------------


@pytest.mark.parametrize("url", [PROFILE, RESUME])
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


def test_anonymous_htmx_requests_redirect_the_whole_page(client):
    response = client.post(PROFILE, profile_data(), headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert response["HX-Redirect"].startswith("/accounts/login/?next=")
    assert SeekerProfile.objects.count() == 0


@pytest.mark.parametrize("url", [PROFILE, RESUME])
def test_employers_are_told_the_profile_is_for_job_seekers(client, url):
    client.force_login(UserFactory(employer=True))

    response = client.get(url)

    assert response.status_code == 403
    assert "This page is for job seekers" in response.text


def test_an_employer_posting_the_form_changes_nothing(client):
    employer = UserFactory(employer=True)
    client.force_login(employer)

    response = client.post(PROFILE, profile_data(resume=pdf_upload()))

    assert response.status_code == 403
    assert not SeekerProfile.objects.exists()


def test_a_seeker_only_ever_downloads_their_own_resume(seeker_client):
    SeekerProfileFactory(with_resume=True, resume_name="someone-else.pdf")

    # The URL takes no id: another seeker's resume is unreachable; theirs is none.
    assert seeker_client.get(RESUME).status_code == 404
