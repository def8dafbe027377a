"""Every URL of ours that takes an id (or a signed token) has an access-control test.

Adding such a URL without naming its test here fails this file: the registry must list
exactly the id URLs the site serves, and each entry must point at a test that exists and
exercises that URL by name.
"""

import importlib
import inspect

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

OUR_APPS = ("accounts.", "applications.", "conversations.", "listings.", "insights.", "jobportal.", "api.")

# URL name -> the test proving that strangers get 404 (or a refusal) and nothing changes.
ACCESS_CONTROL_TESTS = {
    # Employer: a job of another company.
    **dict.fromkeys(
        [
            "employer:job_edit",
            "employer:job_preview",
            "employer:job_submit",
            "employer:job_close",
            "employer:job_reopen",
            "employer:job_duplicate",
        ],
        "tests.listings.jobs.test_employer_jobs::test_another_companys_job_is_404_and_unchanged",
    ),
    # Employer: applicants and applications of another company's job.
    **dict.fromkeys(
        [
            "employer:job_applicants",
            "employer:application_detail",
            "employer:application_move",
            "employer:application_note_add",
            "employer:application_resume",
        ],
        "tests.applications.test_employer_access::test_a_member_of_another_company_gets_404_and_changes_nothing",
    ),
    # Seeker: another seeker's application.
    **dict.fromkeys(
        [
            "applications:detail",
            "applications:submitted",
            "applications:resume",
            "applications:withdraw",
        ],
        "tests.applications.test_seeker_applications::test_another_seekers_application_is_404_and_unchanged",
    ),
    # Seeker: a job that is not open to the public.
    "applications:apply": (
        "tests.applications.test_seeker_apply::test_applying_to_a_job_that_is_not_open_says_so_without_a_form"
    ),
    "applications:job_save": (
        "tests.applications.test_seeker_saved::test_an_unpublished_job_is_404_and_not_saved"
    ),
    "applications:job_unsave": (
        "tests.applications.test_seeker_saved::test_unsaving_leaves_other_seekers_bookmarks_alone"
    ),
    # Public job pages: unpublished jobs.
    **dict.fromkeys(
        ["listings:job_detail", "listings:job_detail_short"],
        "tests.listings.jobs.test_job_page::test_unpublished_jobs_are_404_to_the_public_and_other_companies",
    ),
    # Public API: a job that is not open to the public.
    "api:job_detail": (
        "tests.api.test_public_api::test_closed_and_expired_jobs_answer_410_with_a_body_and_drafts_404"
    ),
    # Employer API: another company's key gets 404 and changes nothing; resume links die with their key.
    **dict.fromkeys(
        [
            "api:employer_job_detail",
            "api:employer_job_submit",
            "api:employer_job_close",
            "api:employer_application_list",
            "api:employer_application_detail",
            "api:employer_application_move",
            "api:resume",
        ],
        "tests.api.test_employer_api::test_a_key_of_another_company_gets_404_and_changes_nothing",
    ),
    # Employer area: another company's API key.
    "employer_api:key_revoke": (
        "tests.api.test_key_pages::test_another_companys_member_gets_404_and_the_key_stays"
    ),
    # Employer area: another company's webhook endpoints and deliveries.
    **dict.fromkeys(
        ["employer_api:webhook_detail", "employer_api:webhook_delete", "employer_api:delivery_resend"],
        "tests.api.test_webhooks::test_another_companys_member_gets_404_and_changes_nothing",
    ),
    # One-click links from reminder emails: signed, single purpose, expiring.
    "job_action": "tests.listings.moderation.test_moderation::test_tampered_link_changes_nothing",
    # Employer: suggested candidates of another company's job.
    "employer:job_candidates": (
        "tests.listings.matching.test_pages::"
        "test_another_companys_member_gets_404_and_seekers_and_visitors_are_refused"
    ),
    # Employer: inviting a candidate to another company's job, or a seeker who isn't suggested.
    "employer:candidate_invite": (
        "tests.applications.test_candidate_invitations::"
        "test_another_companys_member_gets_404_and_nothing_changes"
    ),
    # Conversations: the thread of another seeker's or another company's application.
    **dict.fromkeys(
        ["conversations:post", "conversations:poll", "conversations:report"],
        "tests.conversations.test_access::test_outsiders_get_404_and_change_nothing",
    ),
    # Saved searches: another user's saved search.
    **dict.fromkeys(
        ["searches:edit", "searches:alerts", "searches:delete"],
        "tests.listings.saved_searches.test_saved_searches::test_another_users_saved_search_is_404_and_unchanged",
    ),
    # Unsubscribe links from digest emails: signed, no login.
    "searches:unsubscribe": (
        "tests.listings.saved_searches.test_alerts::test_tampered_unsubscribe_token_is_400_and_changes_nothing"
    ),
}


def takes_an_id(route):
    return "<int:" in route or "token>" in route


def our_id_url_names(patterns=None, namespace="", prefix=""):
    patterns = get_resolver().url_patterns if patterns is None else patterns
    names = set()
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            child_namespace = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= our_id_url_names(entry.url_patterns, child_namespace, route)
        elif (
            isinstance(entry, URLPattern)
            and takes_an_id(route)
            and entry.callback.__module__.startswith(OUR_APPS)
        ):
            names.add(f"{namespace}{entry.name}")
    return names


def test_the_walk_finds_the_id_urls():
    names = our_id_url_names()

    assert "applications:detail" in names
    assert "employer:application_move" in names
    assert not any(name.startswith("admin:") for name in names)


def test_every_url_with_an_id_has_an_access_control_test():
    missing = our_id_url_names() - ACCESS_CONTROL_TESTS.keys()
    gone = ACCESS_CONTROL_TESTS.keys() - our_id_url_names()

    assert not missing, f"URLs with an id and no access-control test: {sorted(missing)}"
    assert not gone, f"Registry entries for URLs that no longer exist: {sorted(gone)}"


@pytest.mark.parametrize(("url_name", "test_path"), sorted(ACCESS_CONTROL_TESTS.items()))
def test_each_registered_test_exists_and_names_its_url(url_name, test_path):
    module_name, function_name = test_path.split("::")
    module = importlib.import_module(module_name)

    assert callable(getattr(module, function_name, None)), f"{test_path} does not exist"
    short_name = url_name.rpartition(":")[2]
    assert short_name in inspect.getsource(module), f"{module_name} never mentions {url_name}"
