"""What the Nu HTML checker reported, kept from coming back: htmx attributes with the
`data-` prefix, `<time datetime>` values HTML accepts, /favicon.ico, the Atom feed advertised."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.factories import ApplicationFactory, CompanyFactory, JobFactory, UserFactory, employer_of

pytestmark = pytest.mark.django_db

# An htmx attribute without the data- prefix: `hx-get=`, but not `data-hx-get=`.
BARE_HTMX = re.compile(r"(?<![\w-])hx-[a-z-]+\s*=")
APPS = ("listings", "accounts", "applications", "conversations", "insights", "api", "jobportal")
# A valid global date and time (or a date): at most 3 fractional digits of a second.
VALID_DATETIME = re.compile(r"\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d{1,3})?)?(Z|[+-]\d\d:\d\d))?")


def test_no_template_or_python_module_writes_a_bare_htmx_attribute():
    offenders = []
    for root in (
        Path(settings.BASE_DIR) / "templates",
        *(Path(settings.BASE_DIR) / app for app in APPS),
    ):
        for path in [*root.rglob("*.html"), *root.rglob("*.py")]:
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if BARE_HTMX.search(line) or re.search(r"""["']hx-[a-z-]+["']\s*:""", line):
                    offenders.append(f"{path}:{number}")
    assert offenders == []


def test_no_template_writes_a_datetime_with_microseconds():
    # `date:'c'` writes microseconds, which <time datetime> doesn't accept: |iso_datetime.
    offenders = [
        f"{path}:{number}"
        for path in (Path(settings.BASE_DIR) / "templates").rglob("*.html")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"""date:["']c["']""", line)
    ]
    assert offenders == []


def test_the_filter_writes_seconds_and_the_offset():
    from datetime import UTC, datetime

    from django.template import Context, Template

    moment = datetime(2026, 3, 4, 5, 6, 7, 891234, tzinfo=UTC)
    rendered = Template("{{ moment|iso_datetime }}").render(Context({"moment": moment}))

    assert re.fullmatch(r"2026-03-04T\d\d:06:07[+-]\d\d:\d\d", rendered)


def pages_with_times(client):
    """Pages showing timestamps that have microseconds, seen by their readers."""
    company = CompanyFactory()
    employer = employer_of(company)
    job = JobFactory(published=True, company=company)
    application = ApplicationFactory(job=job)
    client.force_login(application.seeker)
    yield reverse("home")
    yield reverse("listings:job_list")
    yield job.get_absolute_url()
    yield reverse("applications:list")
    yield reverse("applications:detail", args=[application.pk])
    client.force_login(employer)
    yield reverse("employer:dashboard")
    yield reverse("employer:job_applicants", args=[job.pk])
    yield reverse("employer:application_detail", args=[application.pk])


def test_rendered_pages_have_valid_times_and_no_bare_htmx_attributes(client):
    seen = 0
    for url in pages_with_times(client):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.text
        assert not BARE_HTMX.search(html), url
        for value in re.findall(r'<time[^>]*\sdatetime="([^"]*)"', html):
            assert VALID_DATETIME.fullmatch(value), (url, value)
            seen += 1
    assert seen >= 8


def test_the_job_forms_live_preview_uses_data_prefixed_htmx(client):
    client.force_login(employer_of(CompanyFactory()))
    html = client.get(reverse("employer:job_create")).text

    assert 'data-hx-post="/employer/markdown-preview/"' in html
    assert not BARE_HTMX.search(html)


def test_favicon_ico_answers_with_the_sites_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert response["Location"].endswith(".ico")
    assert finders.find("img/favicon.ico")
    assert Path(finders.find("img/favicon.ico")).read_bytes()[:4] == b"\x00\x00\x01\x00"  # an ICO file


@pytest.mark.parametrize("page", ["home", "listings:job_list"])
def test_home_and_search_advertise_the_atom_feed(client, page):
    html = client.get(reverse(page)).text

    link = re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]*>', html)
    assert link
    assert f'href="{reverse("listings:job_feed")}' in link.group(0)


def test_a_signed_in_persons_csrf_header_is_data_prefixed(client):
    client.force_login(UserFactory())

    assert "data-hx-headers='" in client.get(reverse("home")).text
