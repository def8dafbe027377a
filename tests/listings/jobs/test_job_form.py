from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from listings.forms.employer import JobForm
from listings.models import EDITABLE_FIELDS, ApplicantLocation, Job, JobEvent
from tests.factories import CompanyFactory, JobFactory, UserFactory, employer_of

pytestmark = pytest.mark.django_db


def job_data(**overrides):
    """A complete job form submission; an override of None leaves the field out."""
    data = {
        "title": "Senior Django Engineer",
        "level": "senior",
        "employment_type": "full_time",
        "description": "## The role\n\nBuild **APIs** for payments.",
        "required_skills": ["python", "django"],
        "nice_skills": ["docker"],
        "work_mode": "remote",
        "city": "Berlin",
        "country": "DE",
        "applicant_regions": ["EUROPE"],
        "applicant_countries": ["US"],
        "salary_min": "70000",
        "salary_max": "90000",
        "salary_currency": "EUR",
        "salary_period": "year",
        "visa_sponsorship": "on",
        "is_agency": "False",
        "apply_method": "onsite",
        "apply_url": "",
        "closing_date": "",
        "action": "draft",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def member(company):
    return employer_of(company)


def test_job_form_has_every_editable_field_and_no_state_fields():
    assert set(JobForm._meta.fields) == set(EDITABLE_FIELDS)
    for forbidden in ("status", "company", "posted_by", "view_count", "rejection_reason"):
        assert forbidden not in JobForm.base_fields


def test_post_a_job_page_shows_sections_and_grouped_skill_pickers(member_client):
    response = member_client.get(reverse("employer:job_create"))

    content = response.content.decode()
    assert response.status_code == 200
    for legend in ("The job", "About the job", "Skills", "Location", "Salary", "Conditions", "Applications"):
        assert f"<legend>{legend}</legend>" in content
    assert "<legend>Framework</legend>" in content
    assert "<legend>Database</legend>" in content
    assert 'name="required_skills" value="django"' in content
    assert 'name="nice_skills" value="django"' in content
    assert 'hx-post="/employer/markdown-preview/"' in content
    assert 'hx-trigger="input changed delay:500ms"' in content
    # Client-side validation comes from plain HTML attributes.
    assert 'type="url" name="apply_url"' in content
    assert f'type="date" name="closing_date" min="{timezone.localdate().isoformat()}"' in content
    assert 'name="salary_min" min="1"' in content
    assert "Save draft" in content
    assert "Save and preview" in content


def test_employer_posts_a_job_as_draft(member_client, member, company):
    response = member_client.post(reverse("employer:job_create"), job_data())

    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("employer:dashboard")
    assert job.status == Job.Status.DRAFT
    assert job.company == company
    assert job.posted_by == member
    assert job.title == "Senior Django Engineer"
    assert job.visa_sponsorship is True
    assert job.relocation_help is False
    assert job.is_agency is False
    assert (job.salary_min, job.salary_max, job.salary_currency) == (70000, 90000, "EUR")
    assert job.salary_max_usd > 0
    assert {(js.skill.slug, js.is_required) for js in job.job_skills.all()} == {
        ("python", True),
        ("django", True),
        ("docker", False),
    }
    assert set(job.applicant_locations.values_list("code", flat=True)) == {"EUROPE", "US"}
    assert JobEvent.objects.get(job=job).to_status == Job.Status.DRAFT
    page = member_client.get(response["Location"])
    assert "“Senior Django Engineer” was saved as a draft." in page.content.decode()


def test_save_and_preview_goes_to_the_preview(member_client):
    response = member_client.post(reverse("employer:job_create"), job_data(action="preview"))

    job = Job.objects.get()
    assert response["Location"] == reverse("employer:job_preview", args=[job.pk])


def test_onsite_job_with_external_apply_url_and_agency(member_client):
    member_client.post(
        reverse("employer:job_create"),
        job_data(
            work_mode="onsite",
            applicant_regions=None,
            applicant_countries=None,
            apply_method="external",
            apply_url="https://jobs.example.com/42",
            is_agency="True",
            closing_date=(timezone.localdate() + timedelta(days=20)).isoformat(),
        ),
    )

    job = Job.objects.get()
    assert job.work_mode == "onsite"
    assert job.apply_url == "https://jobs.example.com/42"
    assert job.is_agency is True
    assert job.closing_date == timezone.localdate() + timedelta(days=20)
    assert not ApplicantLocation.objects.exists()


def test_apply_url_is_dropped_when_applying_on_this_site(member_client):
    member_client.post(reverse("employer:job_create"), job_data(apply_url="https://jobs.example.com/42"))

    assert Job.objects.get().apply_url == ""


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required."),
        ({"description": ""}, "description", "This field is required."),
        ({"level": ""}, "level", "This field is required."),
        ({"level": "guru"}, "level", "Select a valid choice."),
        ({"work_mode": None}, "work_mode", "This field is required."),
        ({"required_skills": None}, "required_skills", "This field is required."),
        ({"required_skills": ["cobol"]}, "required_skills", "Select a valid choice."),
        ({"nice_skills": ["django", "docker"]}, "nice_skills", "not both: Django"),
        (
            {"applicant_regions": None, "applicant_countries": None},
            "applicant_regions",
            "Say where applicants",
        ),
        ({"applicant_regions": ["MARS"]}, "applicant_regions", "Select a valid choice."),
        ({"work_mode": "onsite", "country": ""}, "country", "Choose the country of the office"),
        ({"work_mode": "hybrid", "country": ""}, "country", "Choose the country of the office"),
        ({"salary_min": ""}, "salary_min", "This field is required."),
        ({"salary_max": ""}, "salary_max", "This field is required."),
        ({"salary_min": "0"}, "salary_min", "greater than or equal to 1"),
        ({"salary_min": "-5000"}, "salary_min", "greater than or equal to 1"),
        ({"salary_min": "lots"}, "salary_min", "Enter a whole number."),
        ({"salary_min": "95000"}, "salary_max", "The maximum must be at least the minimum."),
        ({"salary_max": "900000", "salary_period": "hour"}, "salary_max", "check the amount and the period"),
        ({"salary_currency": "XXX"}, "salary_currency", "Select a valid choice."),
        ({"closing_date": "2001-01-01"}, "closing_date", "can&#x27;t be in the past"),
        ({"closing_date": "not-a-date"}, "closing_date", "Enter a valid date."),
        (
            {"apply_method": "external", "apply_url": ""},
            "apply_url",
            "Give the address where candidates apply.",
        ),
        ({"apply_method": "external", "apply_url": "javascript:alert(1)"}, "apply_url", "Enter a valid URL."),
        ({"description": "x" * 20_001}, "description", "at most 20000 characters"),
    ],
)
def test_invalid_job_is_not_saved_and_the_error_is_by_the_field(member_client, overrides, field, message):
    response = member_client.post(reverse("employer:job_create"), job_data(**overrides))

    assert response.status_code == 200
    assert not Job.objects.exists()
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert message in response.content.decode()
    assert "Please correct the error below." in response.content.decode()
    # What the employer typed is still there.
    assert response.context["form"]["title"].value() == job_data(**overrides).get("title", "")


def test_field_with_error_is_marked_for_assistive_technology(member_client):
    response = member_client.post(reverse("employer:job_create"), job_data(title=""))

    assert 'aria-invalid="true"' in response.content.decode()
    assert 'id="id_title_error"' in response.content.decode()


def test_fields_an_employer_may_not_set_are_ignored(member_client, member, company):
    other = CompanyFactory()
    intruder = UserFactory(employer=True)

    member_client.post(
        reverse("employer:job_create"),
        job_data(
            status="published",
            company=other.pk,
            company_id=other.pk,
            posted_by=intruder.pk,
            view_count="5000",
            published_at="2020-01-01T00:00:00Z",
            rejection_reason="none",
        ),
    )

    job = Job.objects.get()
    assert job.status == Job.Status.DRAFT
    assert job.company == company
    assert job.posted_by == member
    assert job.view_count == 0
    assert job.published_at is None


def test_fields_an_employer_may_not_set_are_ignored_on_edit(member_client, company):
    job = JobFactory(company=company, published=True, view_count=7)

    member_client.post(
        reverse("employer:job_edit", args=[job.pk]),
        job_data(
            title=job.title,
            description=job.description,
            status="draft",
            view_count="0",
            company=CompanyFactory().pk,
        ),
    )

    job.refresh_from_db()
    assert job.company == company
    assert job.view_count == 7


# --- The description preview ---------------------------------------------------


def test_live_preview_renders_the_markdown(member_client):
    response = member_client.post(
        reverse("employer:markdown_preview"),
        {"description": "## Team\n\n- **Django**"},
        headers={"HX-Request": "true"},
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert content.strip().startswith('<div id="description-preview"')
    assert "<h2>Team</h2>" in content
    assert "<li><strong>Django</strong></li>" in content
    assert "<html" not in content


XSS = [
    "<script>alert('xss')</script>",
    "[click me](javascript:alert(1))",
    '<a href="javascript:alert(1)">click</a>',
    '<img src=x onerror="alert(1)">',
    '<p onmouseover="alert(1)">hover</p>',
    "<iframe src=https://evil.example.com></iframe>",
    '<svg onload="alert(1)"></svg>',
    "<style>body{display:none}</style>",
]


@pytest.mark.parametrize("payload", XSS)
def test_live_preview_never_returns_live_code(member_client, payload):
    response = member_client.post(
        reverse("employer:markdown_preview"), {"description": f"Hello\n\n{payload}"}
    )

    content = response.content.decode().lower()
    assert "<script" not in content
    assert "javascript:" not in content
    assert "onerror=" not in content
    assert "onload=" not in content
    assert "onmouseover=" not in content
    assert "<iframe" not in content
    assert "<style" not in content
    assert "<img" not in content


def test_live_preview_needs_an_employer(client):
    client.force_login(UserFactory(seeker=True))

    assert client.post(reverse("employer:markdown_preview"), {"description": "x"}).status_code == 403
    assert client.get(reverse("employer:markdown_preview")).status_code == 405


def test_preview_button_without_javascript_shows_rendered_markdown_and_saves_nothing(member_client):
    response = member_client.post(
        reverse("employer:job_create"),
        job_data(action="preview-description", description="Ship **fast**", salary_min=""),
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert not Job.objects.exists()
    assert "<strong>fast</strong>" in content
    # The form keeps what was typed and isn't judged yet: no errors for the empty salary.
    assert "Please correct" not in content
    assert 'aria-invalid="true"' not in content
    assert 'value="Senior Django Engineer"' in content
    assert response.context["form"]["required_skills"].value() == ["python", "django"]


# --- Editing -------------------------------------------------------------------


def test_edit_form_shows_the_jobs_values(member_client, company):
    job = JobFactory(
        company=company,
        title="Platform Engineer",
        required_skills=["python", "kubernetes"],
        nice_skills=["terraform"],
        applicant_locations=["EU", "GB"],
    )

    response = member_client.get(reverse("employer:job_edit", args=[job.pk]))

    form = response.context["form"]
    assert response.status_code == 200
    assert "Edit “Platform Engineer”" in response.content.decode()
    assert form["title"].value() == "Platform Engineer"
    assert sorted(form["required_skills"].value()) == ["kubernetes", "python"]
    assert form["nice_skills"].value() == ["terraform"]
    assert form["applicant_regions"].value() == ["EU"]
    assert form["applicant_countries"].value() == ["GB"]
    # The preview shows the current description.
    assert "<strong>Django</strong>" in response.content.decode()


def test_editing_a_draft_saves_it(member_client, company):
    job = JobFactory(company=company)

    response = member_client.post(
        reverse("employer:job_edit", args=[job.pk]), job_data(title="Staff Engineer", nice_skills=None)
    )

    job.refresh_from_db()
    assert response["Location"] == reverse("employer:dashboard")
    assert job.title == "Staff Engineer"
    assert job.status == Job.Status.DRAFT
    assert not job.job_skills.filter(is_required=False).exists()


def test_rejected_job_shows_reason_and_becomes_a_draft_when_edited(member_client, company):
    job = JobFactory(company=company, rejected=True, rejection_reason="Say which stack you use.")

    page = member_client.get(reverse("employer:job_edit", args=[job.pk]))
    response = member_client.post(reverse("employer:job_edit", args=[job.pk]), job_data(), follow=True)

    job.refresh_from_db()
    assert b"Say which stack you use." in page.content
    assert job.status == Job.Status.DRAFT
    assert "is a draft again" in response.content.decode()
    # ... and can be submitted again.
    member_client.post(reverse("employer:job_submit", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == Job.Status.PENDING


def test_material_edit_of_published_job_goes_back_to_review_with_a_message(member_client, company):
    job = JobFactory(company=company, published=True, title="Backend Engineer")

    response = member_client.post(
        reverse("employer:job_edit", args=[job.pk]),
        job_data(
            title="Backend Engineer",
            description=job.description,
            salary_max="120000",
            closing_date=job.closing_date.isoformat(),
        ),
        follow=True,
    )

    job.refresh_from_db()
    assert job.status == Job.Status.PENDING
    assert "went back to review" in response.content.decode()
    assert "hidden from candidates" in response.content.decode()


def test_minor_edit_of_published_job_stays_live(member_client, company):
    job = JobFactory(company=company, published=True, title="Backend Engineer")

    response = member_client.post(
        reverse("employer:job_edit", args=[job.pk]),
        job_data(
            title="Backend Engineer",
            description=job.description,
            relocation_help="on",
            closing_date=job.closing_date.isoformat(),
        ),
        follow=True,
    )

    job.refresh_from_db()
    assert job.status == Job.Status.PUBLISHED
    assert job.relocation_help is True
    assert "went back to review" not in response.content.decode()
    assert "Your changes to “Backend Engineer” were saved." in response.content.decode()


def test_editing_a_closed_job_shows_a_message_and_keeps_the_input(member_client, company):
    job = JobFactory(company=company, closed=True, title="Old title")

    response = member_client.post(reverse("employer:job_edit", args=[job.pk]), job_data(title="New title"))

    job.refresh_from_db()
    assert response.status_code == 200
    assert "Reopen it before editing." in response.content.decode()
    assert 'value="New title"' in response.content.decode()
    assert job.title == "Old title"


# --- the closing date and non-material edits, as a browser sends them ----------------

# How the demo seed (and any code) wrote descriptions before they were normalised:
# LF line ends and a final newline.
DEMO_DESCRIPTION = (
    "## About the team\n\nWe build payments.\n\n## What you'll do\n\n- Build APIs\n- Write tests\n"
)


def browser_post_of(job, **overrides):
    """The edit form as a browser submits it for `job`: its own values, the textarea's
    line ends as CRLF (the HTML spec's form encoding), and `overrides`."""
    own = {
        "title": job.title,
        "description": job.description.replace("\n", "\r\n"),
        "required_skills": [js.skill.slug for js in job.job_skills.all() if js.is_required],
        "nice_skills": [js.skill.slug for js in job.job_skills.all() if not js.is_required],
        "city": job.city,
        "salary_min": str(job.salary_min),
        "salary_max": str(job.salary_max),
        "salary_currency": job.salary_currency,
        "salary_period": job.salary_period,
        "closing_date": job.closing_date.isoformat() if job.closing_date else "",
    }
    return job_data(**{**own, **overrides})


def test_changing_only_the_city_of_a_demo_job_keeps_it_live(member_client, company):
    job = JobFactory(company=company, published=True, description=DEMO_DESCRIPTION, city="Berlin")

    response = member_client.post(
        reverse("employer:job_edit", args=[job.pk]), browser_post_of(job, city="Hamburg"), follow=True
    )

    job.refresh_from_db()
    assert job.status == Job.Status.PUBLISHED
    assert job.city == "Hamburg"
    assert "went back to review" not in response.text
    assert f"Your changes to “{job.title}” were saved." in response.text
    # Stored the way every writer stores it: LF line ends, no blank space around.
    assert job.description == DEMO_DESCRIPTION.strip()


def test_text_typed_in_a_browser_is_stored_normalised(member_client):
    member_client.post(
        reverse("employer:job_create"),
        job_data(
            title="  Senior   Django Engineer ",
            description="## The role\r\n\r\nBuild APIs.  \r\n",
            city=" Kyiv ",
        ),
    )

    job = Job.objects.get()
    assert job.title == "Senior Django Engineer"
    assert job.description == "## The role\n\nBuild APIs."
    assert job.city == "Kyiv"


def test_material_edit_message_names_what_changed_and_the_closing_date_it_keeps(member_client, company):
    job = JobFactory(company=company, published=True, description=DEMO_DESCRIPTION)

    response = member_client.post(
        reverse("employer:job_edit", args=[job.pk]),
        browser_post_of(job, description=DEMO_DESCRIPTION + "\nWe also offer a bonus."),
        follow=True,
    )

    job.refresh_from_db()
    closing = f"{job.closing_date.day} {job.closing_date:%B %Y}"
    assert job.status == Job.Status.PENDING
    assert f"You changed the description of “{job.title}”, so it went back to review." in response.text
    assert f"it keeps its closing date, {closing}." in response.text


def test_editing_the_closing_date_of_a_live_job_moves_when_it_closes_everywhere(member_client, company):
    from listings.services.expiry import jobs_expire_due

    job = JobFactory(company=company, published=True, closing_date=timezone.localdate() + timedelta(days=60))
    new_date = timezone.localdate() + timedelta(days=20)

    response = member_client.post(
        reverse("employer:job_edit", args=[job.pk]),
        browser_post_of(job, closing_date=new_date.isoformat()),
        follow=True,
    )

    job.refresh_from_db()
    assert job.status == Job.Status.PUBLISHED
    assert job.closing_date == new_date
    assert "were saved" in response.text
    member_client.logout()
    page = member_client.get(job.get_absolute_url()).text
    assert f'<dt>Closing date</dt>\n    <dd><time datetime="{new_date.isoformat()}">' in page
    assert f'"validThrough":"{new_date.isoformat()}T23:59:59' in page
    end_of_day = timezone.make_aware(datetime.combine(new_date, time.max))
    assert jobs_expire_due(now=end_of_day) == 0
    assert jobs_expire_due(now=end_of_day + timedelta(seconds=1)) == 1
    assert JobEvent.objects.filter(job=job, note__startswith="Closing date changed").exists()


def test_a_live_job_cannot_lose_its_closing_date(member_client, company):
    job = JobFactory(company=company, published=True)
    closing = job.closing_date

    response = member_client.post(
        reverse("employer:job_edit", args=[job.pk]), browser_post_of(job, closing_date="")
    )

    job.refresh_from_db()
    assert response.status_code == 200
    assert "A live job needs a closing date." in response.text
    assert job.closing_date == closing


@pytest.mark.parametrize(
    ("status", "closing_date", "said"),
    [
        ("draft", None, "Once approved, it stays up 60 days"),
        ("draft", date(2099, 3, 1), "Once approved, it stays up until 1 March 2099, its closing date"),
        ("pending", date(2099, 3, 1), "Once approved, it stays up until 1 March 2099, its closing date"),
    ],
)
def test_the_employer_sees_the_closing_date_approval_will_give_before_submitting(
    member_client, company, status, closing_date, said
):
    job = JobFactory(company=company, status=status, closing_date=closing_date)

    preview = member_client.get(reverse("employer:job_preview", args=[job.pk])).text

    assert said in preview
