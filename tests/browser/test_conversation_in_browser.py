"""An employer and a candidate talk on an application, each in their own browser: each
sees the other's message arrive without a reload, and a hidden tab does not poll."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from conversations import selectors
from conversations.models import Message
from tests.browser.actions import log_in
from tests.factories import ApplicationFactory, CompanyFactory, JobFactory, UserFactory, employer_of

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _poll_every_second(monkeypatch):
    monkeypatch.setattr(selectors, "POLL_SECONDS", 1)


@pytest.fixture
def application():
    company = CompanyFactory(name="Acme Backend")
    employer_of(company, user__email="rita@acme.example", user__full_name="Rita Recruiter")
    job = JobFactory(company=company, published=True, title="Senior Django Engineer")
    return ApplicationFactory(job=job, seeker=UserFactory(seeker=True, full_name="Ada Lovelace"))


def send(page, text):
    page.locator("#conversation").get_by_label("Your message").fill(text)
    page.get_by_role("button", name="Send message").click()


def test_employer_and_candidate_exchange_messages_without_reloading(page, second_page, application):
    candidate_page, employer_page = page, second_page
    employer = application.job.company.memberships.get().user
    log_in(candidate_page, application.seeker, f"/applications/{application.pk}/")
    expect(candidate_page.get_by_role("heading", name="Messages with Acme Backend")).to_be_visible()
    log_in(employer_page, employer, f"/employer/applications/{application.pk}/")
    expect(employer_page.get_by_role("heading", name="Conversation with Ada Lovelace")).to_be_visible()
    for each in (candidate_page, employer_page):
        each.evaluate("window.notReloaded = true")

    # The employer writes; htmx puts it in their thread and empties the box.
    send(employer_page, "Hello Ada! Could we talk on Tuesday? https://meet.example.com/abc")
    expect(employer_page.locator(".conversation__message--mine")).to_contain_text("Could we talk on Tuesday?")
    message_box = employer_page.locator("#conversation").get_by_label("Your message")
    expect(message_box).to_have_value("")
    expect(message_box).to_be_focused()  # ready for the next message

    # The candidate sees it arrive, with the link clickable, and answers.
    incoming = candidate_page.locator(".conversation__message--company")
    expect(incoming).to_contain_text("Rita Recruiter · Acme Backend")
    expect(incoming.get_by_role("link", name="https://meet.example.com/abc")).to_be_visible()
    send(candidate_page, "Tuesday at 10 works for me.")

    expect(employer_page.locator(".conversation__message--candidate")).to_contain_text(
        "Tuesday at 10 works for me."
    )
    for each in (candidate_page, employer_page):
        assert each.evaluate("window.notReloaded") is True
        assert each.csp_violations == []
    assert list(Message.objects.values_list("from_company", flat=True)) == [True, False]
    # At most one email each way: the first message of a quiet thread is emailed at once,
    # unless the other side's open page showed it first (what they read is not emailed).
    notified = [email.to[0] for email in mail.outbox if "New message" in email.subject]
    assert set(notified) <= {application.seeker.email, employer.email}
    assert len(notified) == len(set(notified))


def test_a_hidden_tab_does_not_poll_and_catches_up_when_shown(page, application):
    log_in(page, application.seeker, f"/applications/{application.pk}/")
    expect(page.get_by_role("heading", name="Messages with Acme Backend")).to_be_visible()
    polls = []
    page.on("request", lambda request: polls.append(request.url) if "/new/?after=" in request.url else None)
    page.wait_for_timeout(2500)
    assert polls, "a visible tab polls"

    page.evaluate(
        "Object.defineProperty(document, 'hidden', {value: true, configurable: true});"
        "Object.defineProperty(document, 'visibilityState', {value: 'hidden', configurable: true});"
    )
    page.wait_for_timeout(300)
    polls.clear()
    Message.objects.create(thread_id=_thread(application), author=None, from_company=True, body="While away")
    page.wait_for_timeout(3000)
    assert polls == []

    page.evaluate(
        "Object.defineProperty(document, 'hidden', {value: false, configurable: true});"
        "Object.defineProperty(document, 'visibilityState', {value: 'visible', configurable: true});"
        "document.dispatchEvent(new Event('visibilitychange'));"
    )
    expect(page.locator(".conversation__message--company")).to_contain_text("While away")
    assert polls


def _thread(application):
    from conversations.models import Thread

    return Thread.objects.get_or_create(application=application)[0].pk
