"""The insights on role pages and /insights/: one read, charts with tables, currencies."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from insights.models import RoleInsights
from insights.services import insights_compute_all
from tests.factories import CompanyFactory, JobFactory, RoleFactory, UserFactory

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("insights:overview")


def insights_section(response):
    return re.search(r'<section id="insights".*?</section>', response.text, re.S).group(0)


@pytest.fixture
def computed(role):
    """Five senior jobs from five companies at EUR 80,000 (USD 86,400), all requiring Django."""
    for company in CompanyFactory.create_batch(5):
        JobFactory(
            published=True, company=company, salary_min=80_000, salary_max=80_000, required_skills=["django"]
        )
    insights_compute_all()
    return role


def test_the_role_page_shows_salaries_skills_and_demand_as_svg_charts_with_tables(client, computed):
    response = client.get(computed.get_absolute_url())

    section = insights_section(response)
    assert section.count("<svg") == 5  # salary by level, by work mode, by region; skills; demand
    assert section.count("<svg") <= section.count("<table")
    assert 'aria-hidden="true"' in section
    assert "style=" not in section  # the CSP allows no style attributes
    assert "<td>86,400 USD</td>" in section
    assert "Median: <strong>86,400 USD</strong>" in section
    assert '<a href="/jobs/python-backend-developer/?skills=django">Django</a>' in section
    assert "<td>100%</td>" in section
    assert re.search(r"<th scope=\"row\">[^<]+</th><td>5</td>", section)  # this week's demand


def test_the_reader_picks_the_currency_and_an_unknown_one_means_us_dollars(client, computed):
    in_euros = insights_section(client.get(computed.get_absolute_url(), {"currency": "EUR"}))
    in_yen = insights_section(client.get(computed.get_absolute_url(), {"currency": "jpy"}))
    unknown = client.get(computed.get_absolute_url(), {"currency": "XYZ<script>"})

    assert "<td>80,000 EUR</td>" in in_euros
    assert '<option value="EUR" selected>' in in_euros
    assert "<td>13,090,900 JPY</td>" in in_yen  # 86,400 / 0.0066, to hundreds
    assert unknown.status_code == 200
    assert "<td>86,400 USD</td>" in insights_section(unknown)


def test_changing_the_currency_keeps_the_role_pages_search(client, computed):
    section = insights_section(client.get(computed.get_absolute_url(), {"level": "senior", "q": '"><b>'}))

    assert '<input type="hidden" name="level" value="senior">' in section
    assert '<input type="hidden" name="q" value="&quot;&gt;&lt;b&gt;">' in section
    assert 'name="currency"' in section


def test_hidden_salaries_show_the_job_count_but_no_figure(client, role):
    JobFactory.create_batch(6, published=True, company=CompanyFactory(), required_skills=["django"])
    insights_compute_all()

    section = insights_section(client.get(role.get_absolute_url()))

    assert "Too few jobs or companies to show" in section
    assert "USD</td>" not in section
    assert "Median:" not in section


def test_before_the_first_computation_the_role_page_says_when_figures_come(client, role):
    response = client.get(role.get_absolute_url())

    assert response.status_code == 200
    assert "they appear after the first run" in insights_section(response)


@pytest.mark.parametrize("n", [1, 30])
def test_the_insights_add_one_read_to_the_role_page(client, django_assert_num_queries, role, n):
    JobFactory.create_batch(n, published=True, required_skills=["django"])
    insights_compute_all()

    # role, its skills, skill taxonomy, count, page, skills prefetch (as before), and the insights row
    with django_assert_num_queries(7) as captured:
        response = client.get(role.get_absolute_url(), {"level": "senior"})

    assert sum("insights_roleinsights" in query["sql"] for query in captured.captured_queries) == 1
    assert "<svg" in insights_section(response)


def test_the_htmx_results_fragment_reads_no_insights(client, django_assert_num_queries, role):
    JobFactory(published=True, required_skills=["django"])
    insights_compute_all()

    with django_assert_num_queries(6):
        response = client.get(role.get_absolute_url(), headers={"HX-Request": "true"})

    assert 'id="insights"' not in response.text


def test_the_overview_lists_every_role_and_the_figures_of_all_jobs(client, computed):
    RoleFactory(name="Data Engineer", skills=["kafka"])
    insights_compute_all()

    response = client.get(OVERVIEW, {"currency": "EUR"})

    assert response.status_code == 200
    assert '<a href="/jobs/python-backend-developer/#insights">Python Backend Developer</a>' in response.text
    assert "<td>80,000 EUR</td>" in response.text
    assert '<a href="/jobs/data-engineer/#insights">Data Engineer</a>' in response.text
    assert '<h2 id="insights-heading">All Python backend jobs</h2>' in response.text
    assert "<svg" in insights_section(response)


@pytest.mark.parametrize("who", ["visitor", "seeker", "employer", "staff"])
def test_insights_are_public_to_everyone(client, computed, who):
    if who != "visitor":
        client.force_login(UserFactory(**{who: True}))

    assert client.get(OVERVIEW).status_code == 200
    assert "<svg" in insights_section(client.get(computed.get_absolute_url()))


def test_the_overview_refuses_writes(client):
    assert client.post(OVERVIEW).status_code == 405


def test_a_recomputation_refreshes_the_cached_pages_of_visitors(
    client, settings, role, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    before = client.get(role.get_absolute_url())
    for company in CompanyFactory.create_batch(5):
        JobFactory(published=True, company=company, required_skills=["django"])

    with django_capture_on_commit_callbacks(execute=True):
        insights_compute_all()
    after = client.get(role.get_absolute_url())

    assert "they appear after the first run" in before.text
    assert RoleInsights.objects.for_role_page(role).jobs == 5
    assert "From the 5 jobs published" in after.text


def test_the_overview_is_one_read_however_many_roles(client, django_assert_num_queries, computed):
    RoleFactory(name="Data Engineer", skills=["kafka"])
    RoleFactory(name="Django Developer", skills=["django"])
    insights_compute_all()

    with django_assert_num_queries(1):
        response = client.get(OVERVIEW)

    assert len(re.findall(r'<a href="/jobs/[a-z-]+/#insights">', response.text)) == 3


def test_staff_see_the_stored_insights_in_the_admin_without_editing_them(client, computed):
    client.force_login(UserFactory(staff=True, is_superuser=True))

    listing = client.get(reverse("admin:insights_roleinsights_changelist"))

    assert listing.status_code == 200
    assert "role-" in listing.text
    assert client.get(reverse("admin:insights_roleinsights_add")).status_code == 403


def renders_insights(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return "insights/includes/insights.html" in [template.name for template in response.templates]


def test_a_role_pages_insights_are_rendered_once_until_they_are_computed_again(client):
    role = RoleFactory(is_published=True)
    insights_compute_all()
    client.force_login(UserFactory())  # signed in: the whole page is never cached
    assert renders_insights(client, role.get_absolute_url())

    assert not renders_insights(client, role.get_absolute_url())
    assert renders_insights(client, role.get_absolute_url() + "?currency=EUR")

    insights_compute_all()
    assert renders_insights(client, role.get_absolute_url())
