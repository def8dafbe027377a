"""axe-core (bundled with axe-playwright-python, nothing downloaded) on the pages people
use most, as a seeker, an employer and a moderator, at 1280 px and on a 390 px phone with
every disclosure open (the menu, the filter sheet): no serious or critical violation."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group

from tests.browser.actions import log_in
from tests.factories import (
    TEST_PASSWORD,
    ApplicationFactory,
    CompanyFactory,
    JobFactory,
    SeekerProfileFactory,
    UserFactory,
    employer_of,
)

pytestmark = pytest.mark.django_db(transaction=True)

BLOCKING = {"serious", "critical"}
SIZES = [{"width": 1280, "height": 800}, {"width": 390, "height": 844}]


def violations(page, path):
    """The serious and critical axe violations of `path`, in words a failure can show."""
    page.goto(path)
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    found = Axe().run(page).response["violations"]
    return [
        f"{violation['id']} ({violation['impact']}): {[node['target'] for node in violation['nodes'][:3]]}"
        for violation in found
        if violation["impact"] in BLOCKING
    ]


@pytest.fixture
def site(_data_migration_rows):
    company = CompanyFactory(name="Acme Backend")
    employer = employer_of(company)
    job = JobFactory(
        company=company, published=True, title="Django Payments Engineer", nice_skills=["docker"]
    )
    other = JobFactory(company=company, published=True, title="FastAPI Platform Engineer", work_mode="hybrid")
    JobFactory(company=company, pending=True, title="Flask Reporting Developer")
    seeker = SeekerProfileFactory(
        user=UserFactory(seeker=True, full_name="Ada Lovelace"), with_resume=True
    ).user
    application = ApplicationFactory(job=job, seeker=seeker)
    moderator = UserFactory(staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    return {
        "job": job,
        "other": other,
        "seeker": seeker,
        "employer": employer,
        "application": application,
        "moderator": moderator,
    }


@pytest.mark.parametrize("size", SIZES, ids=["laptop", "phone"])
def test_visitor_and_seeker_pages_have_no_serious_violations(page, site, size):
    page.set_viewport_size(size)
    for path in ["/", "/jobs/", site["job"].get_absolute_url()]:
        assert violations(page, path) == [], path

    log_in(page, site["seeker"], "/")
    seeker_pages = [f"/applications/apply/{site['other'].pk}/", "/applications/", "/accounts/profile/"]
    for path in [*seeker_pages, f"/applications/{site['application'].pk}/"]:
        assert violations(page, path) == [], path


@pytest.mark.parametrize("size", SIZES, ids=["laptop", "phone"])
def test_employer_pages_have_no_serious_violations(page, site, size):
    page.set_viewport_size(size)
    log_in(page, site["employer"], "/")
    job = site["job"]
    for path in ["/employer/jobs/", "/employer/jobs/new/", f"/employer/jobs/{job.pk}/applicants/"]:
        assert violations(page, path) == [], path


def test_the_moderation_queue_has_no_serious_violations(page, site):
    page.goto("/admin/login/?next=/admin/listings/job/")
    page.get_by_label("Email").fill(site["moderator"].email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/listings/job/**")

    assert violations(page, "/admin/listings/job/") == []
    assert violations(page, f"/admin/listings/job/{site['job'].pk}/change/") == []
