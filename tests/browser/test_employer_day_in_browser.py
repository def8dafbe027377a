"""The employer's day at 1280 px: the dashboard opens on what needs attention, and the
pipeline board shows every stage without scrolling sideways, its move controls readable."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from applications.models import Application
from listings.models import JobViewDay
from tests.browser.actions import log_in
from tests.factories import ApplicationFactory, CompanyFactory, JobFactory, UserFactory, employer_of

pytestmark = pytest.mark.django_db(transaction=True)

LAPTOP = {"width": 1280, "height": 800}


def test_the_dashboard_opens_on_what_needs_attention_and_its_links_lead_there(page):
    page.set_viewport_size(LAPTOP)
    company = CompanyFactory(name="Acme Backend")
    employer = employer_of(company)
    busy = JobFactory(company=company, published=True, title="Django API Engineer")
    other = JobFactory(company=company, published=True, title="Celery Platform Engineer")
    ApplicationFactory.create_batch(2, job=busy)
    ApplicationFactory(job=other)
    JobFactory(company=company, rejected=True, title="Vague Backend Role")
    JobFactory(company=company, published=True, closing_date=timezone.localdate() + timedelta(days=5))
    JobFactory.create_batch(20, company=company, published=True)  # the list is long
    JobViewDay.objects.create(job=busy, day=timezone.now().date(), views=9)

    log_in(page, employer, "/employer/")

    items = page.locator(".attention__link")
    expect(items).to_have_text(
        ["3 new applicants on 2 jobs", "1 job rejected: fix and resubmit", "1 job expires in 5 days"]
    )
    # The attention list is in sight when the page opens, not 4,500 px down.
    box = page.locator(".attention").bounding_box()
    assert box["y"] + box["height"] <= LAPTOP["height"]

    items.filter(has_text="new applicants").click()
    expect(page.locator(".tabs__tab[aria-current=page]")).to_contain_text("New applicants")
    expect(page.locator(".employer-job__title")).to_have_text(
        ["Celery Platform Engineer", "Django API Engineer"]
    )
    busy_card = page.locator(f"#job-{busy.pk}")
    expect(busy_card.locator(".job-activity__caption")).to_have_text("Last 30 days: 9 views, 2 applications")
    expect(busy_card.locator("svg.chart--views rect")).to_have_count(1)
    busy_card.get_by_text("Numbers by day").click()
    expect(busy_card.locator(".job-activity__table tbody tr").last).to_contain_text("9")

    # A tab swaps the list in place (htmx) and the address follows, for the back button.
    page.evaluate("window.notReloaded = true")
    page.locator(".tabs").get_by_role("link", name="Rejected").click()
    expect(page.locator(".employer-job__title")).to_have_text(["Vague Backend Role"])
    expect(page).to_have_url(re.compile(r"/employer/jobs/\?show=rejected$"))
    expect(page.locator(".tabs__tab[aria-current=page]")).to_contain_text("Rejected")
    assert page.evaluate("window.notReloaded") is True
    page.locator(".attention__link", has_text="rejected").click()
    expect(page.get_by_role("heading", name="Edit “Vague Backend Role”")).to_be_visible()
    assert page.csp_violations == []


def test_the_pipeline_shows_every_stage_at_1280_px_with_readable_move_controls(page):
    page.set_viewport_size(LAPTOP)
    company = CompanyFactory()
    employer = employer_of(company)
    job = JobFactory(company=company, published=True, title="Senior Django Engineer")
    # Candidates in every stage: the widest board there is.
    for index, status in enumerate(Application.BOARD):
        ApplicationFactory(
            job=job, status=status, seeker=UserFactory(seeker=True, full_name=f"Candidate {index}")
        )

    log_in(page, employer, f"/employer/jobs/{job.pk}/applicants/")

    columns = page.locator(".pipeline__column")
    expect(columns).to_have_count(7)
    for index in range(7):
        box = columns.nth(index).bounding_box()
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= LAPTOP["width"], columns.nth(index).get_attribute("id")
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]

    # Every stage name fits its select: the widest option's text is narrower than the box.
    cut_off = page.evaluate(
        """() => {
            const canvas = document.createElement("canvas").getContext("2d");
            return [...document.querySelectorAll(".move-form select")].filter((select) => {
                const style = getComputedStyle(select);
                canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
                const widest = Math.max(...[...select.options].map((o) => canvas.measureText(o.text).width));
                const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
                const room = select.clientWidth - padding - 16;  // and the drop-down arrow
                return widest > room;
            }).map((select) => select.id);
        }"""
    )
    assert cut_off == []

    # An application page leads to the next applicant in the board's order.
    page.get_by_role("link", name="Candidate 0").click()
    expect(page.locator(".applicant-nav__position")).to_have_text("Applicant 1 of 7")
    page.get_by_role("link", name="Next: Candidate 1 →").click()
    expect(page.get_by_role("heading", name="Candidate 1", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="← Previous: Candidate 0")).to_be_visible()
    assert page.csp_violations == []
