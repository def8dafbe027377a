"""The public read API: the same search as /jobs/, cursor pages, 410s, caching headers,
the rate limit, and the schema and documentation pages."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from listings.search import pages
from tests.factories import CompanyFactory, JobFactory, RoleFactory

pytestmark = pytest.mark.django_db

SEARCH = reverse("api:job_list")


def api_ids(client, query=""):
    response = client.get(f"{SEARCH}?{query}")
    assert response.status_code == 200, response.content
    return [job["id"] for job in response.json()["results"]]


def page_ids(client, query=""):
    response = client.get(f"{reverse('listings:job_list')}?{query}")
    assert response.status_code == 200
    return [job.pk for job in response.context["jobs"]]


@pytest.fixture
def jobs():
    now = timezone.now()
    made = [
        JobFactory(
            published=True,
            title="Django API developer",
            required_skills=["python", "django"],
            work_mode="remote",
            applicant_locations=["EUROPE"],
            salary_min=60000,
            salary_max=80000,
            published_at=now - timedelta(hours=1),
        ),
        JobFactory(
            published=True,
            title="FastAPI engineer",
            required_skills=["python", "fastapi"],
            work_mode="onsite",
            country="US",
            salary_currency="USD",
            salary_min=120000,
            salary_max=150000,
            visa_sponsorship=True,
            published_at=now - timedelta(hours=2),
        ),
        JobFactory(
            published=True,
            title="Junior Django developer",
            level="entry",
            required_skills=["python", "django", "postgresql"],
            work_mode="hybrid",
            country="DE",
            salary_min=40000,
            salary_max=50000,
            published_at=now - timedelta(days=10),
        ),
        JobFactory(published=True, title="Kafka data engineer", required_skills=["python", "kafka"]),
    ]
    JobFactory(pending=True, title="Django pending")
    JobFactory(closed=True, title="Django closed")
    return made


@pytest.mark.parametrize(
    "query",
    [
        "",
        "q=django",
        "q=djnago",
        "skills=django&skills=postgresql",
        "level=entry&level=senior",
        "juniors=1",
        "work_mode=remote",
        "country=FR",
        "country=US",
        "salary=100000&currency=USD",
        "visa=1",
        "posted=3",
        "sort=salary",
        "sort=newest&q=django",
        "specialisation=data",
        # Junk: ignored the same way on both.
        "skills=no-such-skill&level=wizard&salary=-5",
        "country=%00%ff&posted=999",
    ],
)
def test_the_api_lists_exactly_the_jobs_of_the_page_for_the_same_query(client, jobs, query):
    assert api_ids(client, query) == page_ids(client, query)


def test_junk_filters_are_ignored_with_a_message_not_an_error(client, jobs):
    response = client.get(f"{SEARCH}?level=wizard&salary=abc&page_size=1000")

    assert response.status_code == 200
    problems = response.json()["problems"]
    assert any(problem.startswith("Level:") for problem in problems)
    assert any(problem.startswith("Minimum salary per year:") for problem in problems)
    assert any(problem.startswith("Page size:") for problem in problems)
    assert len(response.json()["results"]) == 4


def test_a_job_is_named_after_schema_org_job_posting(client):
    job = JobFactory(
        published=True,
        title="Remote Django engineer",
        required_skills=["django"],
        nice_skills=["docker"],
        applicant_locations=["EUROPE", "US"],
        salary_min=70000,
        salary_max=90000,
        salary_currency="EUR",
    )

    data = client.get(reverse("api:job_detail", kwargs={"pk": job.pk})).json()

    assert data["title"] == "Remote Django engineer"
    assert "<strong>Django</strong>" in data["description"]
    assert "**" not in data["descriptionText"]
    assert data["employmentType"] == "FULL_TIME"
    assert data["baseSalary"] == {"currency": "EUR", "minValue": 70000, "maxValue": 90000, "unitText": "YEAR"}
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert data["jobLocation"] is None
    assert [place["code"] for place in data["applicantLocationRequirements"]] == ["EUROPE", "US"]
    assert data["requiredSkills"] == [{"slug": "django", "name": "Django"}]
    assert data["niceToHaveSkills"] == [{"slug": "docker", "name": "Docker"}]
    assert data["hiringOrganization"]["slug"] == job.company.slug
    assert data["url"].endswith(job.get_absolute_url())
    assert data["validThrough"].startswith(job.closing_date.isoformat())


def test_cursor_pages_walk_every_match_once_and_ignore_new_postings(client):
    made = JobFactory.create_batch(7, published=True)
    first = client.get(f"{SEARCH}?page_size=3").json()
    JobFactory(published=True, title="Posted meanwhile")  # newest: must not shift page 2
    seen = [job["id"] for job in first["results"]]
    url = first["next"]
    while url:
        data = client.get(url).json()
        seen += [job["id"] for job in data["results"]]
        url = data["next"]

    assert seen == [job.pk for job in sorted(made, key=lambda j: (j.published_at, j.pk), reverse=True)]


def test_keyword_pages_follow_the_ranked_window_then_newest_first(client, monkeypatch):
    monkeypatch.setattr(pages, "RANK_WINDOW", 20)  # one page of /jobs/
    monkeypatch.setattr("api.pagination.RANK_WINDOW", 20)
    for n in range(25):
        # Ranks differ: some say "django" once, some in the title and the text.
        description = "Django, Django and more Django." if n % 3 else "Python services."
        JobFactory(published=True, title=f"Django developer {n}", description=description)
    JobFactory(published=True, title="Unrelated Kafka role", required_skills=["kafka"], description="Kafka.")
    expected = []
    for number in (1, 2):
        response = client.get(f"{reverse('listings:job_list')}?q=django&page={number}")
        expected += [job.pk for job in response.context["jobs"]]
    seen, url = [], f"{SEARCH}?q=django&page_size=7"
    while url:
        data = client.get(url).json()
        seen += [job["id"] for job in data["results"]]
        url = data["next"]

    assert len(seen) == 25
    assert seen == expected


@pytest.mark.parametrize("cursor", ["junk", "eyJzIjoibmV3ZXN0In0", "W10", "eyJzIjoibmV3ZXN0IiwiayI6WzEsMl19"])
def test_a_cursor_we_did_not_give_out_is_a_400_not_a_500(client, jobs, cursor):
    response = client.get(f"{SEARCH}?cursor={cursor}")

    assert response.status_code == 400
    assert "cursor" in response.json()["detail"]


def test_closed_and_expired_jobs_answer_410_with_a_body_and_drafts_404(client):
    closed = JobFactory(closed=True)
    expired = JobFactory(expired=True)
    past_date = JobFactory(published=True, closing_date=timezone.localdate() - timedelta(days=1))
    draft = JobFactory()

    for job, status in ((closed, "closed"), (expired, "expired"), (past_date, "expired")):
        response = client.get(reverse("api:job_detail", kwargs={"pk": job.pk}))
        assert response.status_code == 410
        assert response.json()["status"] == status
    assert client.get(reverse("api:job_detail", kwargs={"pk": draft.pk})).status_code == 404


def test_polling_clients_get_304_with_etag_and_last_modified(client):
    job = JobFactory(published=True)
    url = reverse("api:job_detail", kwargs={"pk": job.pk})
    first = client.get(url)

    assert first.status_code == 200
    assert first["Cache-Control"] == "public, max-age=60"
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304
    assert client.get(url, headers={"if-modified-since": first["Last-Modified"]}).status_code == 304
    search = client.get(SEARCH)
    assert client.get(SEARCH, headers={"if-none-match": search["ETag"]}).status_code == 304


def test_the_search_is_served_from_the_page_cache_until_a_job_changes(client, settings, on_commit):
    from listings.services.jobs import job_close

    settings.PAGE_CACHE_SECONDS = 300
    job = JobFactory(published=True)
    member = job.company.memberships.first() or None
    assert api_ids(client) == [job.pk]
    job.__class__.objects.filter(pk=job.pk).update(title="Changed behind the services' back")
    assert client.get(SEARCH).json()["results"][0]["title"] == job.title  # cached
    from tests.factories import employer_of

    member = member.user if member else employer_of(job.company)
    with on_commit():
        job_close(job=job, by=member, reason="filled")
    assert api_ids(client) == []


def test_past_the_rate_limit_the_api_answers_429_with_retry_after(client, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    for _ in range(3):
        assert client.get(reverse("api:skill_list")).status_code == 200

    response = client.get(reverse("api:skill_list"))

    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "Too many requests" in response.json()["detail"]
    # Another address has its own allowance.
    assert client.get(reverse("api:skill_list"), REMOTE_ADDR="10.0.0.9").status_code == 200


def test_skills_roles_and_companies(client):
    RoleFactory(name="Python Backend Developer", slug="python-backend-developer")
    company = CompanyFactory(name="Acme")
    job = JobFactory(published=True, company=company)
    JobFactory(company=company)  # draft: not listed

    skills = client.get(reverse("api:skill_list")).json()
    roles = client.get(reverse("api:role_list")).json()
    data = client.get(reverse("api:company_detail", kwargs={"slug": company.slug})).json()

    assert {"slug": "django", "name": "Django"}.items() <= next(
        s for s in skills if s["slug"] == "django"
    ).items()
    assert [role["slug"] for role in roles] == ["python-backend-developer"]
    assert data["name"] == "Acme"
    assert [j["id"] for j in data["openJobs"]] == [job.pk]
    assert client.get(reverse("api:company_detail", kwargs={"slug": "nobody"})).status_code == 404


@pytest.mark.parametrize("n", [3, 30])
def test_the_search_costs_the_same_queries_for_3_or_30_jobs(client, django_assert_num_queries, n):
    JobFactory.create_batch(n, published=True)
    # skills taxonomy, page, job skills, applicant locations
    with django_assert_num_queries(4):
        client.get(SEARCH)


def test_the_schema_and_the_documentation_pages_are_served_without_a_cdn(client):
    schema = client.get(reverse("api:schema"), headers={"accept": "application/json"})
    docs = client.get(reverse("api:docs"))

    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/jobs/" in paths
    parameters = {p["name"] for p in paths["/api/v1/jobs/"]["get"]["parameters"]}
    assert {"q", "skills", "level", "country", "salary", "currency", "sort", "cursor"} <= parameters
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "<script>" not in html
    for src in [part.split('"')[1] for part in html.split("src=")[1:]]:
        assert not urlsplit(src).netloc, src


def test_api_addresses_answer_json_even_when_no_url_matches(client):
    for url in ("/api/v1/jobs/-1/", "/api/v1/nothing/", f"/api/v1/jobs/{2**70}/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json() == {"detail": "Not found."}


def test_the_schema_is_served_as_json_on_request(client):
    response = client.get(reverse("api:schema") + "?format=json")

    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")
