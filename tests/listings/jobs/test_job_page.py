"""The public job page: canonical URL, every field, apply, gone jobs, access, views."""

import json
import re
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from listings.models import Job, JobViewDay
from listings.services.job_views import job_views_flush
from listings.view_counter import pending_views
from tests.factories import CompanyFactory, JobFactory, UserFactory, employer_of, png_upload

pytestmark = pytest.mark.django_db


def has_json_ld(response):
    return "application/ld+json" in response.text


def has_apply(response):
    return 'id="apply"' in response.text


# --- URL -------------------------------------------------------------------------


def test_the_canonical_url_has_the_id_and_a_slug_of_the_title(client):
    job = JobFactory(published=True, title="Senior Django Engineer (Payments)")

    assert job.get_absolute_url() == f"/jobs/{job.pk}/senior-django-engineer-payments/"
    response = client.get(job.get_absolute_url())
    assert response.status_code == 200
    assert f'<link rel="canonical" href="http://testserver{job.get_absolute_url()}">' in response.text


@pytest.mark.parametrize("path", ["/jobs/{pk}/", "/jobs/{pk}/old-title/", "/jobs/{pk}/Senior-Django/"])
def test_a_wrong_or_missing_slug_redirects_permanently_to_the_canonical_url(client, path):
    job = JobFactory(published=True, title="Senior Django")

    response = client.get(path.format(pk=job.pk))

    assert response.status_code == 301
    assert response["Location"] == job.get_absolute_url()


def test_the_redirect_keeps_the_query_string(client):
    job = JobFactory(published=True, title="Senior Django")

    response = client.get(f"/jobs/{job.pk}/?utm_source=feed")

    assert response["Location"] == f"{job.get_absolute_url()}?utm_source=feed"


def test_an_unknown_job_is_404(client):
    assert client.get("/jobs/999999/anything/").status_code == 404


# --- Content ---------------------------------------------------------------------


def test_the_page_shows_every_field_a_candidate_needs(client):
    company = CompanyFactory(name="Snakeworks", is_verified=True)
    job = JobFactory(
        published=True,
        company=company,
        title="Backend Engineer",
        level="mid",
        open_to_juniors=True,
        work_mode="remote",
        city="Berlin",
        country="DE",
        applicant_locations=["EU", "GB"],
        employment_type="contract",
        salary_min=600,
        salary_max=750,
        salary_currency="EUR",
        salary_period="day",
        visa_sponsorship=True,
        relocation_help=False,
        is_agency=True,
        closing_date=timezone.localdate() + timedelta(days=20),
        required_skills=["django", "postgresql"],
        nice_skills=["kubernetes"],
    )

    html = client.get(job.get_absolute_url()).text

    assert '<h1 id="job-title" class="job__title">Backend Engineer</h1>' in html
    assert f'<a href="/companies/{company.slug}/">Snakeworks</a>' in html
    assert "Verified" in html
    assert "600–750 EUR per day" in html  # noqa: RUF001
    assert "Mid level" in html
    assert "Open to juniors" in html
    assert "Remote (company in Berlin, Germany)" in html
    assert "European Union, United Kingdom" in html
    assert "Contract" in html
    assert "<dt>Visa sponsorship</dt>\n    <dd>Yes</dd>" in html
    assert "<dt>Relocation help</dt>\n    <dd>No</dd>" in html
    assert "A recruitment agency hiring for a client" in html
    assert "Closing date" in html
    assert job.closing_date.strftime("%-d %b %Y") in html
    assert job.published_at.strftime("%-d %b %Y") in html
    required = html[html.index(">Required</h3>") : html.index(">Nice to have</h3>")]
    assert "Django" in required
    assert "PostgreSQL" in required
    assert "Kubernetes" not in required
    assert "Kubernetes" in html[html.index(">Nice to have</h3>") :]


def test_the_description_is_rendered_from_markdown(client):
    job = JobFactory(published=True, description="## Stack\n\n- **Django** 5\n- `pytest`")

    html = client.get(job.get_absolute_url()).text

    assert "<h2>Stack</h2>" in html
    assert "<li><strong>Django</strong> 5</li>" in html
    assert "<code>pytest</code>" in html


XSS_CORPUS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<svg/onload=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="javascript:alert(1)">x</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    "<style>body{display:none}</style>",
    '<form action="https://evil.example"><input name=x></form>',
    '<object data="x.swf"></object>',
    "<a href='&#106;avascript:alert(1)'>x</a>",
    '<div onmouseover="alert(1)">hover</div>',
    "</script><script>alert(1)</script>",
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    "![x](https://evil.example/x.png)",
]


@pytest.mark.parametrize("payload", XSS_CORPUS)
def test_nothing_in_a_description_reaches_the_page_as_live_code(client, payload):
    job = JobFactory(published=True, description=f"Intro\n\n{payload}\n\nOutro")

    html = client.get(job.get_absolute_url()).text
    body = html[html.index('<section class="job__description') : html.index("</article>")]

    assert not re.search(r"<(script|iframe|svg|img|style|form|input|object|meta|base)\b", body, re.I)
    assert not re.search(r"\son[a-z]+\s*=", body, re.I)
    assert not re.search(r"\sstyle\s*=", body, re.I)
    assert not re.search(r"href=[\"']?\s*(javascript|data|&#)", body, re.I)
    # Only our own scripts, all loaded from files or the JSON-LD data block.
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/ld+json"' in tag


def test_a_title_that_closes_the_script_tag_stays_inside_the_json_ld(client):
    job = JobFactory(published=True, title="</script><script>alert(1)</script>")

    html = client.get(job.get_absolute_url()).text

    assert "<script>alert(1)" not in html
    data = json_ld(html)
    assert data["title"] == "</script><script>alert(1)</script>"


# --- JSON-LD ---------------------------------------------------------------------


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json" nonce="[^"]+">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_json_ld_of_a_remote_job(client):
    company = CompanyFactory(name="Snakeworks", website="https://snakeworks.example", logo=png_upload())
    job = JobFactory(
        published=True,
        company=company,
        title="Remote Django Engineer",
        description="Build **APIs**.",
        work_mode="remote",
        applicant_locations=["EUROPE", "US", "WORLDWIDE"],
        employment_type="full_time",
        salary_min=90000,
        salary_max=120000,
        salary_currency="USD",
        salary_period="year",
        required_skills=["django"],
        nice_skills=["kafka"],
    )

    data = json_ld(client.get(job.get_absolute_url()).text)

    assert data["@context"] == "https://schema.org/"
    assert data["@type"] == "JobPosting"
    assert data["title"] == "Remote Django Engineer"
    assert data["description"] == "<p>Build <strong>APIs</strong>.</p>"
    assert data["datePosted"] == job.published_at.isoformat()
    # The end of the closing date: the moment the job leaves the site.
    assert data["validThrough"] == f"{job.closing_date.isoformat()}T23:59:59.999999+00:00"
    assert data["employmentType"] == "FULL_TIME"
    assert data["hiringOrganization"] == {
        "@type": "Organization",
        "name": "Snakeworks",
        "sameAs": "https://snakeworks.example",
        "logo": f"http://testserver{company.logo.url}",
    }
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert data["applicantLocationRequirements"] == [
        {"@type": "AdministrativeArea", "name": "Europe"},
        {"@type": "Country", "name": "US"},
        {"@type": "AdministrativeArea", "name": "Anywhere in the world"},
    ]
    assert "jobLocation" not in data
    assert data["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "USD",
        "value": {"@type": "QuantitativeValue", "minValue": 90000, "maxValue": 120000, "unitText": "YEAR"},
    }
    assert data["directApply"] is True
    assert data["identifier"] == {"@type": "PropertyValue", "name": "Snakeworks", "value": str(job.pk)}
    assert data["url"] == f"http://testserver{job.get_absolute_url()}"
    assert data["skills"] == "Django, Kafka"


def test_json_ld_of_an_on_site_job_with_an_external_application(client):
    job = JobFactory(
        published=True,
        work_mode="onsite",
        city="Lisbon",
        country="PT",
        employment_type="contract",
        salary_min=50,
        salary_max=70,
        salary_currency="EUR",
        salary_period="hour",
        apply_method="external",
        apply_url="https://careers.example.com/jobs/1",
    )

    data = json_ld(client.get(job.get_absolute_url()).text)

    assert data["jobLocation"] == {
        "@type": "Place",
        "address": {"@type": "PostalAddress", "addressLocality": "Lisbon", "addressCountry": "PT"},
    }
    assert "jobLocationType" not in data
    assert "applicantLocationRequirements" not in data
    assert data["employmentType"] == "CONTRACTOR"
    assert data["baseSalary"]["value"]["unitText"] == "HOUR"
    assert data["directApply"] is False
    assert "logo" not in data["hiringOrganization"]


@pytest.mark.parametrize(
    ("employment_type", "expected"),
    [("part_time", "PART_TIME"), ("temporary", "TEMPORARY"), ("internship", "INTERN")],
)
def test_json_ld_employment_types(client, employment_type, expected):
    job = JobFactory(published=True, employment_type=employment_type)

    assert json_ld(client.get(job.get_absolute_url()).text)["employmentType"] == expected


@pytest.mark.parametrize(("period", "unit"), [("month", "MONTH"), ("day", "DAY")])
def test_json_ld_salary_units(client, period, unit):
    job = JobFactory(published=True, salary_period=period, salary_min=5000, salary_max=6000)

    assert json_ld(client.get(job.get_absolute_url()).text)["baseSalary"]["value"]["unitText"] == unit


def test_the_json_ld_script_carries_the_csp_nonce(client):
    job = JobFactory(published=True)

    response = client.get(job.get_absolute_url())

    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert f'<script type="application/ld+json" nonce="{nonce}">' in response.text


# --- Apply -----------------------------------------------------------------------


def test_an_external_application_links_out_with_nofollow(client):
    job = JobFactory(
        published=True, apply_method="external", apply_url="https://careers.example.com/apply?id=7"
    )

    html = client.get(job.get_absolute_url()).text

    assert 'href="https://careers.example.com/apply?id=7" rel="nofollow noopener">' in html


def test_an_on_site_application_asks_anonymous_visitors_to_log_in(client):
    job = JobFactory(published=True)

    html = client.get(job.get_absolute_url()).text

    assert f'href="/accounts/login/?next=/applications/apply/{job.pk}/">Log in to apply on this site' in html


def test_an_on_site_application_for_a_signed_in_seeker_names_the_site(client):
    job = JobFactory(published=True)
    client.force_login(UserFactory())

    html = client.get(job.get_absolute_url()).text

    assert "Apply on this site" in html
    assert "/accounts/login/" not in html[html.index('id="apply"') :]


# --- Closed and expired: 410 ------------------------------------------------------


@pytest.mark.parametrize(
    ("traits", "reason"),
    [
        ({"closed": True, "close_reason": "filled"}, "The position has been filled."),
        ({"closed": True, "close_reason": "no_longer_hiring"}, "The company is no longer hiring for it."),
        ({"expired": True}, "It expired on"),
    ],
)
def test_a_closed_or_expired_job_answers_410_and_says_why(client, traits, reason):
    job = JobFactory(**traits)

    response = client.get(job.get_absolute_url())

    assert response.status_code == 410
    assert "This job is no longer open." in response.text
    assert reason in response.text
    assert '<meta name="robots" content="noindex">' in response.text
    assert not has_json_ld(response)
    assert not has_apply(response)
    assert job.title in response.text  # the old content stays readable


def test_a_published_job_past_its_expiry_is_gone_before_the_expiry_task_runs(client):
    job = JobFactory(published=True)
    Job.objects.filter(pk=job.pk).update(closing_date=timezone.localdate() - timedelta(days=1))

    response = client.get(job.get_absolute_url())

    assert response.status_code == 410
    assert not has_json_ld(response)
    assert not has_apply(response)


def test_a_gone_job_suggests_similar_open_jobs(client):
    gone = JobFactory(closed=True, required_skills=["django", "kafka"])
    close_match = JobFactory(published=True, title="Kafka and Django", required_skills=["django", "kafka"])
    loose_match = JobFactory(published=True, title="Django only", required_skills=["django"])
    JobFactory(published=True, title="Unrelated", required_skills=["flask"])
    JobFactory(closed=True, title="Also closed", required_skills=["django", "kafka"])

    response = client.get(gone.get_absolute_url())

    assert [job.title for job in response.context["similar_jobs"]] == [close_match.title, loose_match.title]
    assert "Similar open jobs" in response.text


def test_an_open_job_shows_similar_jobs_by_shared_skills_then_level_then_newest(client):
    job = JobFactory(published=True, level="senior", required_skills=["python", "django", "kafka"])
    best = JobFactory(published=True, title="Same skills", required_skills=["python", "django", "kafka"])
    same_level = JobFactory(published=True, title="Same level", level="senior", required_skills=["django"])
    other_level = JobFactory(published=True, title="Other level", level="entry", required_skills=["django"])
    JobFactory(published=True, title="Python only", required_skills=["python", "flask"])
    JobFactory(closed=True, title="Closed twin", required_skills=["python", "django", "kafka"])

    response = client.get(job.get_absolute_url())

    titles = [similar.title for similar in response.context["similar_jobs"]]
    assert titles == [best.title, same_level.title, other_level.title]
    assert '<h2 id="similar-title">Similar jobs</h2>' in response.text
    assert response.text.count('class="job-card"') == 3


def test_a_job_without_similar_ones_shows_no_empty_section(client):
    job = JobFactory(published=True, required_skills=["kafka"])

    response = client.get(job.get_absolute_url())

    assert "similar-title" not in response.text


def test_views_of_a_gone_job_are_not_counted(client):
    job = JobFactory(closed=True)

    client.get(job.get_absolute_url())

    job.refresh_from_db()
    assert job.view_count == 0


# --- Who sees unpublished jobs -----------------------------------------------------


@pytest.mark.parametrize("traits", [{}, {"pending": True}, {"rejected": True}])
def test_unpublished_jobs_are_404_to_the_public_and_other_companies(client, traits):
    job = JobFactory(**traits)
    urls = [
        reverse("listings:job_detail", args=[job.pk, job.slug]),
        reverse("listings:job_detail_short", args=[job.pk]),
    ]

    for visitor in (None, UserFactory(), employer_of(CompanyFactory())):
        if visitor:
            client.force_login(visitor)
        for url in urls:
            assert client.get(url).status_code == 404
    job.refresh_from_db()
    assert job.view_count == 0


@pytest.mark.parametrize("traits", [{}, {"pending": True}, {"rejected": True}])
def test_the_companys_members_see_their_unpublished_job_marked_as_such(client, traits):
    job = JobFactory(**traits)
    client.force_login(employer_of(job.company, role="recruiter"))

    response = client.get(job.get_absolute_url())

    assert response.status_code == 200
    assert "Not published:" in response.text
    assert '<meta name="robots" content="noindex">' in response.text
    assert not has_json_ld(response)
    assert not has_apply(response)


def test_staff_may_see_an_unpublished_job(client):
    job = JobFactory(pending=True)
    client.force_login(UserFactory(staff=True))

    assert client.get(job.get_absolute_url()).status_code == 200


def test_a_signed_in_visitor_sees_a_job_of_a_company_with_several_members(client):
    job = JobFactory(published=True)
    employer_of(job.company)
    employer_of(job.company, role="recruiter")
    client.force_login(UserFactory())

    assert client.get(job.get_absolute_url()).status_code == 200


# --- View count and queries -----------------------------------------------------------


def test_each_view_is_counted_except_the_companys_own(client):
    job = JobFactory(published=True)

    client.get(job.get_absolute_url())
    client.get(job.get_absolute_url())
    client.force_login(UserFactory())
    client.get(job.get_absolute_url())
    client.force_login(employer_of(job.company))
    client.get(job.get_absolute_url())
    job_views_flush()

    job.refresh_from_db()
    assert job.view_count == 3
    assert list(JobViewDay.objects.filter(job=job).values_list("day", "views")) == [
        (timezone.now().date(), 3)
    ]


def test_a_page_view_writes_nothing_until_its_batch_is_due(client, settings):
    settings.JOB_VIEWS_FLUSH_SECONDS = 3600
    job, other = JobFactory.create_batch(2, published=True)
    job_views_flush()  # starts the interval now

    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            client.get(job.get_absolute_url())
        client.get(other.get_absolute_url())

    writes = [
        q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "SAVEPOINT"))
    ]
    assert writes == []
    job.refresh_from_db()
    assert job.view_count == 0

    job_views_flush()

    assert dict(Job.objects.filter(pk__in=[job.pk, other.pk]).values_list("pk", "view_count")) == {
        job.pk: 3,
        other.pk: 1,
    }


def test_the_view_that_finds_its_batch_due_writes_the_whole_batch(client, settings):
    settings.JOB_VIEWS_FLUSH_SECONDS = 0.2
    job = JobFactory(published=True)
    job_views_flush()
    client.get(job.get_absolute_url())
    client.get(job.get_absolute_url())

    time.sleep(0.25)
    client.get(job.get_absolute_url())

    job.refresh_from_db()
    assert job.view_count == 3


def test_views_of_a_job_deleted_before_its_batch_are_dropped_not_the_batch(client, settings):
    settings.JOB_VIEWS_FLUSH_SECONDS = 3600
    kept, deleted = JobFactory.create_batch(2, published=True)
    job_views_flush()
    client.get(kept.get_absolute_url())
    client.get(deleted.get_absolute_url())
    deleted.delete()

    job_views_flush()

    kept.refresh_from_db()
    assert kept.view_count == 1
    assert len(pending_views) == 0


def test_the_dashboard_shows_the_views_once_written(client, settings):
    settings.JOB_VIEWS_FLUSH_SECONDS = 3600
    job = JobFactory(published=True, view_count=40)
    job_views_flush()
    client.get(job.get_absolute_url())
    client.get(job.get_absolute_url())
    job_views_flush()

    client.force_login(employer_of(job.company))
    html = client.get(reverse("employer:dashboard")).text

    assert "<dt>Views</dt><dd>42</dd>" in html


@pytest.mark.parametrize("n", [1, 50])
def test_job_page_queries_stay_flat(client, django_assert_num_queries, n):
    jobs = JobFactory.create_batch(n, published=True)
    job = JobFactory(
        published=True,
        required_skills=["python", "django", "postgresql", "redis"][: 1 + n % 4],
        nice_skills=["docker", "kubernetes", "aws"][: n % 3],
        applicant_locations=["EU", "GB", "US", "CA"][: 1 + n % 4],
    )
    assert len(jobs) == n

    # job, skills, applicant locations (the view is counted in memory); similar jobs
    # ranked among the newest candidates, and their skills
    with django_assert_num_queries(5):
        response = client.get(job.get_absolute_url())

    assert response.status_code == 200


def test_the_job_list_links_to_the_job_page(client):
    job = JobFactory(published=True)

    html = client.get(reverse("listings:job_list")).text

    assert f'href="{job.get_absolute_url()}"' in html


# --- Text made from Markdown ------------------------------------------------------------

# What an employer may write: markup shown as code, ampersands, a stray tag (dropped).
MARKUP_DESCRIPTION = "Send `<img src=x>` & links. R&D, 5 < 6. <img src=x onerror=alert(1)>"


def meta_description(response):
    return re.search(r'<meta name="description" content="([^"]*)">', response.text).group(1)


def test_the_meta_description_escapes_the_descriptions_text_exactly_once(client):
    job = JobFactory(published=True, description=MARKUP_DESCRIPTION)

    meta = meta_description(client.get(job.get_absolute_url()))

    assert meta.endswith("Send &lt;img src=x&gt; &amp; links. R&amp;D, 5 &lt; 6.")
    assert "&amp;lt;" not in meta
    assert "&amp;amp;" not in meta
    assert "onerror" not in meta


def test_the_company_card_on_a_job_page_escapes_the_about_text_exactly_once(client):
    company = CompanyFactory(about=MARKUP_DESCRIPTION)
    job = JobFactory(published=True, company=company)

    response = client.get(job.get_absolute_url())

    card = response.text.split('id="company-card-title"')[1].split("</section>")[0]
    assert "<p>Send &lt;img src=x&gt; &amp; links. R&amp;D, 5 &lt; 6.</p>" in card
    assert "onerror" not in card
    meta = meta_description(client.get(company.get_absolute_url()))
    assert meta.endswith(": Send &lt;img src=x&gt; &amp; links. R&amp;D, 5 &lt; 6.")
