"""The insights API: the same figures as the role pages and /insights/ (compared cell by
cell with the pages' tables), currencies, the minimum sample, caching headers, queries."""

import html
import re
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from insights.services import insights_compute_all
from listings.models import Role
from tests.factories import CompanyFactory, JobFactory, RoleFactory
from tests.insights.conftest import seeded_jobs  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("api:insights_overview")


def role_url(slug):
    return reverse("api:insights_role", kwargs={"slug": slug})


@pytest.fixture
def role():
    return RoleFactory(name="Python Backend Developer", skills=["python", "django", "fastapi", "flask"])


@pytest.fixture
def computed(role):
    """Five jobs from five companies at EUR 80,000 (USD 86,400), all requiring Django."""
    for company in CompanyFactory.create_batch(5):
        JobFactory(
            published=True, company=company, salary_min=80_000, salary_max=80_000, required_skills=["django"]
        )
    insights_compute_all()
    return role


def _text(cell):
    return html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()


def page_tables(response):
    """The rows of every table in the page's insights section, as the cells' text."""
    section = re.search(r'<section id="insights".*?</section>', response.text, re.S).group(0)
    return [
        [
            [_text(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
        ]
        for body in re.findall(r"<tbody>(.*?)</tbody>", section, re.S)
    ]


def _amounts(row, currency):
    if not row["shown"]:
        assert not {"p25", "p50", "p75"} & row.keys()
        return ["Too few jobs or companies to show"]
    return [f"{row[name]:,} {currency}" for name in ("p25", "p50", "p75")]


def _change(change):
    if change is None:
        return "too few jobs"
    if change == 0:
        return "no change"
    return f"+{change} points" if change > 0 else f"\u2212{abs(change)} points"


def _skill_rows(skills):
    return [
        [skill["name"], f"{skill['percent']}%", str(skill["jobs"]), _change(skill["change"])]
        for skill in skills
    ]


def api_tables(data):
    """The API's figures written as the page writes them, table by table."""
    currency = data["currency"]
    salary = [
        [[row["label"], *_amounts(row, currency), str(row["jobs"])] for row in data["salary"][name]]
        for name in ("byLevel", "byWorkMode", "byRegion")
    ]
    specialisations = [_skill_rows(entry["skills"]) for entry in data["specialisations"] if entry["skills"]]
    demand = [[_day(week["week"]), str(week["jobs"])] for week in data["demand"]]
    return [*(table for table in salary if table), _skill_rows(data["skills"]), *specialisations, demand]


def _day(iso_day):
    day = date.fromisoformat(iso_day)
    return f"{day.day} {day:%b %Y}"  # the page's "j M Y"


@pytest.mark.parametrize("currency", ["USD", "EUR", "JPY"])
def test_the_api_has_the_figures_of_the_role_page(client, role, seeded_jobs, currency):  # noqa: F811
    insights_compute_all()

    data = client.get(role_url(role.slug), {"currency": currency}).json()
    page = client.get(role.get_absolute_url(), {"currency": currency})

    assert api_tables(data) == page_tables(page)
    assert data["jobs"] == 60
    assert data["currency"] == currency
    assert data["role"]["slug"] == role.slug
    assert data["url"].endswith(f"{role.get_absolute_url()}#insights")
    rows = [row for name in ("byLevel", "byWorkMode", "byRegion") for row in data["salary"][name]]
    assert any(row["shown"] for row in rows)
    assert not all(row["shown"] for row in rows)
    overall = data["salary"]["overall"]
    assert f"Median: {overall['p50']:,} {currency}" in _text(page.text)
    assert len(data["demand"]) == 12
    assert sum(week["jobs"] for week in data["demand"]) == 60


def test_the_overview_has_the_figures_of_the_insights_page_and_a_line_per_role(client, role, seeded_jobs):  # noqa: F811
    RoleFactory(name="Data Engineer", skills=["kafka"])
    RoleFactory(name="Hidden Role", skills=["django"], is_published=False)
    insights_compute_all()

    data = client.get(OVERVIEW, {"currency": "EUR"}).json()
    page = client.get(reverse("insights:overview"), {"currency": "EUR"})

    assert api_tables(data) == page_tables(page)
    assert [line["name"] for line in data["roles"]] == ["Data Engineer", "Python Backend Developer"]
    python = data["roles"][1]
    assert python["url"].endswith(role.get_absolute_url())
    assert python["apiUrl"].endswith(role_url(role.slug))
    assert python["jobs"] == client.get(python["apiUrl"]).json()["jobs"]
    assert f"{python['median']:,} EUR" in page.text
    assert python["topSkills"] == [
        skill["name"] for skill in client.get(python["apiUrl"]).json()["skills"][:3]
    ]


def test_salaries_are_in_the_chosen_currency_and_an_unknown_one_is_a_400(client, computed):
    def median(currency):
        return client.get(role_url(computed.slug), {"currency": currency}).json()["salary"]["overall"]["p50"]

    unknown = client.get(role_url(computed.slug), {"currency": "XYZ<script>"})

    assert median("") == 86_400
    assert client.get(role_url(computed.slug)).json()["currency"] == "USD"
    assert median("EUR") == 80_000
    assert median("jpy") == 13_090_900  # 86,400 / 0.0066, to hundreds, as on the page
    assert client.get(OVERVIEW, {"currency": "EUR"}).json()["roles"][0]["median"] == 80_000
    assert unknown.status_code == 400
    assert unknown.json()["detail"].startswith("Unknown currency: give one of USD, EUR")
    assert client.get(OVERVIEW, {"currency": "xyz"}).status_code == 400


def test_under_the_minimum_sample_only_the_job_counts_are_given(client, role):
    JobFactory.create_batch(6, published=True, company=CompanyFactory(), required_skills=["django"])
    insights_compute_all()

    data = client.get(role_url(role.slug)).json()
    overview = client.get(OVERVIEW).json()

    assert data["salary"]["overall"] == {"key": "", "label": "All levels", "jobs": 6, "shown": False}
    for name in ("byLevel", "byWorkMode", "byRegion"):
        assert all(row.keys() == {"key", "label", "jobs", "shown"} for row in data["salary"][name])
    assert data["minimumSample"] == {"jobs": 5, "companies": 3}
    assert "median" not in overview["roles"][0]
    assert overview["salary"]["overall"]["shown"] is False
    assert "Too few jobs or companies to show" in client.get(role.get_absolute_url()).text


def test_unknown_and_unpublished_roles_are_404(client, computed):
    Role.objects.filter(pk=computed.pk).update(is_published=False)

    for slug in (computed.slug, "no-such-role"):
        response = client.get(role_url(slug))
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}


def test_before_the_first_computation_the_figures_are_empty(client, role):
    data = client.get(role_url(role.slug)).json()
    overview = client.get(OVERVIEW).json()

    assert data["computedAt"] is None
    assert data["salary"] is None
    assert (data["jobs"], data["skills"], data["demand"]) == (0, [], [])
    assert overview["roles"] == []
    assert overview["salary"] is None


def test_polling_clients_get_304_until_the_figures_are_recomputed(
    client, settings, computed, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 300
    url = role_url(computed.slug)
    first = client.get(url)
    overview = client.get(OVERVIEW)

    assert first["Cache-Control"] == "public, max-age=60"
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304
    assert client.get(url, headers={"if-modified-since": first["Last-Modified"]}).status_code == 304
    assert client.get(OVERVIEW, headers={"if-none-match": overview["ETag"]}).status_code == 304
    JobFactory(published=True, required_skills=["django"])
    with django_capture_on_commit_callbacks(execute=True):
        insights_compute_all()
    again = client.get(url, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200
    assert again.json()["jobs"] == 6


def test_past_the_rate_limit_the_insights_answer_429(client, settings, computed):
    settings.API_RATE_LIMIT_PER_MINUTE = 2
    client.get(OVERVIEW)
    client.get(role_url(computed.slug))

    response = client.get(OVERVIEW)

    assert response.status_code == 429
    assert response["Retry-After"]


@pytest.mark.parametrize("n", [1, 3])
def test_the_queries_do_not_grow_with_jobs_or_roles(client, django_assert_num_queries, role, n):
    JobFactory.create_batch(n * 10, published=True, required_skills=["django"])
    for index in range(n):
        RoleFactory(name=f"Role {index}", skills=["kafka"])
    insights_compute_all()

    with django_assert_num_queries(2):  # the role, its insights row
        assert client.get(role_url(role.slug)).status_code == 200
    with django_assert_num_queries(1):  # every scope with its role
        assert len(client.get(OVERVIEW).json()["roles"]) == n + 1


def test_the_schema_documents_both_operations_with_the_currency(client):
    paths = client.get(reverse("api:schema") + "?format=json").json()["paths"]

    for path in ("/api/v1/insights/", "/api/v1/insights/{slug}/"):
        parameters = {p["name"]: p for p in paths[path]["get"]["parameters"]}
        assert "EUR" in parameters["currency"]["schema"]["enum"]
        assert {"200", "400"} <= paths[path]["get"]["responses"].keys()


def test_the_schema_builds_without_warnings(tmp_path):
    # A component named like another (the insights' salary and a job's baseSalary) is
    # only a warning, but one of the two is then documented wrong.
    call_command("spectacular", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
