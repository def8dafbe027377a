"""Atom feeds for every search, sitemap.xml and robots.txt."""

import html
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from listings import seo
from listings.models import Job
from tests.factories import CompanyFactory, JobFactory, RoleFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
FEED = reverse("listings:job_feed")


def parse_feed(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ElementTree.fromstring(response.content)  # noqa: S314 - our own response


def entry_titles(feed):
    return [entry.find(f"{ATOM}title").text for entry in feed.findall(f"{ATOM}entry")]


def test_the_feed_lists_open_jobs_newest_first_with_a_plain_text_summary(client):
    older = JobFactory(published=True, title="Older", description="# Heading\n\nWe use **Django**.")
    JobFactory(published=True, title="Newer")
    JobFactory(closed=True, title="Closed")
    Job.objects.filter(pk=older.pk).update(published_at=timezone.now() - timedelta(days=2))

    feed = parse_feed(client.get(FEED))

    titles = entry_titles(feed)
    assert [title.split(" at ")[0] for title in titles] == ["Newer", "Older"]
    assert titles[1] == f"Older at {older.company.name} (70,000–90,000 EUR per year)"  # noqa: RUF001
    entry = feed.findall(f"{ATOM}entry")[1]
    summary = entry.find(f"{ATOM}summary").text
    assert "Heading We use Django." in summary
    assert "<" not in summary
    assert entry.find(f"{ATOM}link").get("href") == f"http://testserver{older.get_absolute_url()}"
    assert {category.get("term") for category in entry.findall(f"{ATOM}category")} == {"Python", "Django"}


def test_the_feed_follows_the_search_in_its_query_string(client):
    JobFactory(published=True, title="Remote Kafka", required_skills=["kafka"], work_mode="remote")
    JobFactory(published=True, title="On-site Kafka", required_skills=["kafka"], work_mode="onsite")
    JobFactory(published=True, title="Remote Flask", required_skills=["flask"], work_mode="remote")

    feed = parse_feed(client.get(FEED, {"skills": "kafka", "work_mode": "remote"}))

    assert [title.split(" at ")[0] for title in entry_titles(feed)] == ["Remote Kafka"]
    assert "Kafka" in feed.find(f"{ATOM}title").text
    self_link = next(link for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self")
    assert self_link.get("href") == "http://testserver/jobs/feed/?skills=kafka&work_mode=remote"
    alternate = next(link for link in feed.findall(f"{ATOM}link") if link.get("rel") == "alternate")
    assert alternate.get("href") == "http://testserver/jobs/?skills=kafka&work_mode=remote"


def test_the_feed_is_capped_at_the_newest_fifty(client, monkeypatch):
    monkeypatch.setattr(seo, "FEED_SIZE", 3)
    JobFactory.create_batch(5, published=True)

    assert len(entry_titles(parse_feed(client.get(FEED)))) == 3


def test_an_empty_search_is_still_a_valid_feed(client):
    feed = parse_feed(client.get(FEED, {"q": "cobol"}))

    assert entry_titles(feed) == []
    assert feed.find(f"{ATOM}title").text.startswith("Python backend jobs")


def test_control_characters_in_a_job_do_not_break_the_feed(client):
    JobFactory(published=True, title="Engineer\x0b\x1f", description="Text\x0c with \x08 junk")

    feed = parse_feed(client.get(FEED))

    assert entry_titles(feed)[0].startswith("Engineer at ")


def test_a_role_has_its_own_feed(client):
    role = RoleFactory(skills=["fastapi"])
    JobFactory(published=True, title="FastAPI job", required_skills=["fastapi"])
    JobFactory(published=True, title="Flask job", required_skills=["flask"])

    feed = parse_feed(client.get(reverse("listings:role_feed", kwargs={"slug": role.slug})))

    assert [title.split(" at ")[0] for title in entry_titles(feed)] == ["FastAPI job"]
    assert feed.find(f"{ATOM}title").text.startswith("Python Backend Developer jobs")


@pytest.mark.parametrize("n", [1, 50])
def test_feed_queries_stay_flat(client, django_assert_num_queries, n):
    JobFactory.create_batch(n, published=True)

    # skill taxonomy, jobs, skills prefetch
    with django_assert_num_queries(3):
        client.get(FEED, {"q": "engineer"})


# --- Sitemap -------------------------------------------------------------------------


def sitemap_locations(client, section):
    response = client.get(f"/sitemap-{section}.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)  # noqa: S314 - our own response
    return {
        url.find(f"{SITEMAP}loc").text: getattr(url.find(f"{SITEMAP}lastmod"), "text", None)
        for url in root.findall(f"{SITEMAP}url")
    }


def test_the_sitemap_index_points_to_every_section(client):
    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)  # noqa: S314 - our own response
    locations = [sitemap.find(f"{SITEMAP}loc").text for sitemap in root.findall(f"{SITEMAP}sitemap")]
    assert locations == [
        "http://testserver/sitemap-pages.xml",
        "http://testserver/sitemap-roles.xml",
        "http://testserver/sitemap-jobs.xml",
        "http://testserver/sitemap-companies.xml",
    ]


def test_the_sitemap_lists_open_jobs_with_lastmod_and_not_the_others(client):
    open_job = JobFactory(published=True)
    past_expiry = JobFactory(published=True)
    Job.objects.filter(pk=past_expiry.pk).update(closing_date=timezone.localdate() - timedelta(days=1))
    closed = JobFactory(closed=True)
    expired = JobFactory(expired=True)
    draft = JobFactory()

    jobs = sitemap_locations(client, "jobs")

    assert jobs == {f"http://testserver{open_job.get_absolute_url()}": open_job.updated_at.date().isoformat()}
    for job in (past_expiry, closed, expired, draft):
        assert f"http://testserver{job.get_absolute_url()}" not in jobs


def test_the_sitemap_lists_published_roles_hiring_companies_and_the_search(client):
    role = RoleFactory()
    RoleFactory(name="Hidden Role", is_published=False)
    hiring = CompanyFactory()
    JobFactory(published=True, company=hiring)
    not_hiring = CompanyFactory()
    JobFactory(closed=True, company=not_hiring)

    assert list(sitemap_locations(client, "roles")) == [f"http://testserver{role.get_absolute_url()}"]
    assert list(sitemap_locations(client, "companies")) == [f"http://testserver{hiring.get_absolute_url()}"]
    assert set(sitemap_locations(client, "pages")) == {
        "http://testserver/",
        "http://testserver/jobs/",
        "http://testserver/insights/",
    }


def test_an_unknown_sitemap_section_is_404(client):
    assert client.get("/sitemap-nothing.xml").status_code == 404


# --- robots.txt ------------------------------------------------------------------------


def test_robots_txt_allows_the_site_but_not_private_areas_and_names_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.text.splitlines()
    assert lines[0] == "User-agent: *"
    assert "Allow: /" in lines
    for private in ["/employer/", "/accounts/", "/admin/"]:
        assert f"Disallow: {private}" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_a_feed_summary_shows_the_descriptions_text_as_written(client):
    JobFactory(published=True, description="Send `<img src=x>` & links. R&D. <img src=x onerror=alert(1)>")

    summary = parse_feed(client.get(FEED)).find(f"{ATOM}entry").find(f"{ATOM}summary")

    # Atom's type="html": the reader unescapes once more, and shows the text as written.
    assert summary.get("type") == "html"
    assert summary.text.endswith("Send &lt;img src=x&gt; &amp; links. R&amp;D.")
    assert html.unescape(summary.text).endswith("Send <img src=x> & links. R&D.")
    assert "onerror" not in summary.text
