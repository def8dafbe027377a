"""Saved searches: saving from the search page, the list, edit, delete, limits and privacy."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from listings.models import MAX_SAVED_SEARCHES, SavedSearch
from listings.search.saved_query import describe_query, load_skills, normalise_query
from listings.services.saved_searches import saved_search_create, saved_search_delete, saved_search_update
from tests.factories import RoleFactory, SavedSearchFactory, UserFactory

pytestmark = pytest.mark.django_db

CREATE = reverse("searches:create")
LIST = reverse("searches:list")


def _normalise(query):
    return normalise_query(query, skill_list=load_skills())


# --- The query: normalised by the search's own FilterSet -----------------------------


def test_query_is_normalised_known_filters_sorted_without_page():
    query, problems = _normalise("work_mode=remote&page=3&q=django&utm_source=x&level=senior&skills=python")

    assert query == "level=senior&q=django&skills=python&work_mode=remote"
    assert problems == []


def test_invalid_values_are_dropped_and_reported():
    query, problems = _normalise("q=django&skills=cobol&salary=-5&level=wizard")

    assert query == "q=django"
    assert len(problems) == 3


def test_defaults_are_left_out_of_the_query():
    # Currency without a salary and the default sort don't change the search.
    query, _ = _normalise("q=django&currency=EUR&sort=relevance")

    assert query == "q=django"


def test_summary_reads_like_the_search():
    summary = describe_query(
        "q=django&work_mode=remote&level=senior&salary=80000&currency=USD&skills=postgresql",
        skill_list=load_skills(),
    )

    assert summary == "django, PostgreSQL, senior, remote, ≥ 80,000 USD"
    assert describe_query("", skill_list=load_skills()) == "all jobs"


# --- Create ------------------------------------------------------------------------


def test_a_seeker_saves_the_current_search_and_goes_back_to_it(client):
    user = UserFactory(seeker=True)
    client.force_login(user)

    response = client.post(
        CREATE, {"name": "Remote Django", "frequency": "weekly", "query": "work_mode=remote&q=django&page=2"}
    )

    saved = SavedSearch.objects.get(user=user)
    assert response.status_code == 302
    assert response.url == "/jobs/?q=django&work_mode=remote"
    assert (saved.name, saved.query, saved.frequency, saved.alerts_enabled) == (
        "Remote Django",
        "q=django&work_mode=remote",
        "weekly",
        True,
    )
    # The first digest: a week from now, with jobs published from now on.
    assert saved.next_digest_at - saved.last_digest_at == timedelta(weeks=1)
    assert abs(saved.last_digest_at - timezone.now()) < timedelta(seconds=30)
    assert "Saved “Remote Django”" in client.get(response.url).content.decode()


def test_an_employer_may_save_a_search_too(client):
    user = UserFactory(employer=True)
    client.force_login(user)

    client.post(CREATE, {"name": "Market watch", "frequency": "daily", "query": "q=fastapi"})

    assert SavedSearch.objects.filter(user=user, query="q=fastapi").exists()


def test_saving_with_htmx_swaps_the_box(client):
    user = UserFactory(seeker=True)
    client.force_login(user)

    response = client.post(
        CREATE, {"name": "Django", "frequency": "daily", "query": "q=django"}, headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="save-search"')
    assert "Saved “Django”" in html
    assert reverse("searches:list") in html


def test_saving_from_a_role_page_keeps_the_role(client):
    role = RoleFactory(skills=["django"])
    user = UserFactory(seeker=True)
    client.force_login(user)

    response = client.post(
        CREATE, {"name": "Role", "frequency": "daily", "query": "level=senior", "role": role.slug}
    )

    saved = SavedSearch.objects.get(user=user)
    assert saved.role == role
    assert response.url == f"{role.get_absolute_url()}?level=senior"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "frequency": "daily", "query": "q=django"}, "Give the search a name"),
        ({"name": "x" * 101, "frequency": "daily", "query": "q=django"}, "under 100 characters"),
        ({"name": "Ok", "frequency": "hourly", "query": "q=django"}, "Choose daily or weekly"),
        ({"name": "Ok", "frequency": "daily", "query": "q=" + "x" * 5000}, "too many filters"),
        ({"name": "Ok", "frequency": "daily", "query": "", "role": "no-such-role"}, "no longer published"),
    ],
)
def test_invalid_saves_explain_what_to_fix(client, data, message):
    client.force_login(UserFactory(seeker=True))

    plain = client.post(CREATE, data)
    htmx = client.post(CREATE, data, headers={"HX-Request": "true"})

    assert plain.status_code == 400
    assert message in plain.content.decode()
    assert htmx.status_code == 200
    assert message in htmx.content.decode()
    assert not SavedSearch.objects.exists()


def test_the_same_search_or_name_twice_is_refused_with_a_message(client):
    user = UserFactory(seeker=True)
    client.force_login(user)
    client.post(CREATE, {"name": "Django", "frequency": "daily", "query": "q=django&level=senior"})

    same_search = client.post(
        CREATE, {"name": "Other", "frequency": "daily", "query": "level=senior&q=django"}
    )
    same_name = client.post(CREATE, {"name": "django", "frequency": "daily", "query": "q=flask"})

    assert "You already saved this search as “Django”" in same_search.content.decode()
    assert "You already have a saved search called “django”" in same_name.content.decode()
    assert SavedSearch.objects.filter(user=user).count() == 1


def test_a_user_has_at_most_the_limit_of_saved_searches(client):
    user = UserFactory(seeker=True)
    for i in range(MAX_SAVED_SEARCHES):
        SavedSearchFactory(user=user, query=f"salary={i + 1}")
    client.force_login(user)

    response = client.post(CREATE, {"name": "One more", "frequency": "daily", "query": "q=kafka"})

    assert f"You have {MAX_SAVED_SEARCHES} saved searches, the most we keep" in response.content.decode()
    assert SavedSearch.objects.filter(user=user).count() == MAX_SAVED_SEARCHES


def test_an_unverified_email_cant_save_searches(client):
    client.force_login(UserFactory(seeker=True, verified=False))

    response = client.post(CREATE, {"name": "Django", "frequency": "daily", "query": "q=django"})

    assert "Verify your email address first" in response.content.decode()
    assert not SavedSearch.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client):
    plain = client.post(CREATE, {"name": "Django", "frequency": "daily", "query": "q=django"})
    htmx = client.post(
        CREATE,
        {"name": "Django", "frequency": "daily", "query": "q=django"},
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/jobs/?q=django"},
    )
    page = client.get(LIST)

    assert plain.status_code == 302
    assert plain.url.startswith(reverse("account_login"))
    assert htmx.headers["HX-Redirect"] == f"{reverse('account_login')}?next=/jobs/%3Fq%3Ddjango"
    assert page.url == f"{reverse('account_login')}?next={LIST}"
    assert not SavedSearch.objects.exists()


def test_get_on_create_is_not_allowed(client):
    client.force_login(UserFactory(seeker=True))

    assert client.get(CREATE).status_code == 405


# --- The search page's control ------------------------------------------------------------


def test_the_search_page_offers_to_save_the_current_search(client):
    client.force_login(UserFactory(seeker=True))

    html = client.get("/jobs/?q=django&work_mode=remote&level=senior").content.decode()
    htmx = client.get("/jobs/?q=flask", headers={"HX-Request": "true"}).content.decode()

    assert 'id="save-search-form"' in html
    assert 'name="query" value="level=senior&amp;q=django&amp;work_mode=remote"' not in html  # page's order
    assert (
        'form="save-search-form" name="query" value="q=django&amp;level=senior&amp;work_mode=remote"' in html
    )
    assert 'value="django, senior, remote"' in html
    assert reverse("searches:list") in html
    assert 'value="flask"' in htmx


def test_anonymous_visitors_see_a_login_link_that_comes_back_to_the_search(client):
    html = client.get("/jobs/?q=django&level=senior").content.decode()

    assert "Log in to save this search" in html
    assert f"{reverse('account_login')}?next=/jobs/%3Fq%3Ddjango%26level%3Dsenior" in html
    assert 'id="save-search-form"' not in html


# --- The list, edit, alerts switch, delete ---------------------------------------------


def test_the_list_shows_the_users_searches_only(client):
    user = UserFactory(seeker=True)
    SavedSearchFactory(user=user, name="Remote Django", query="q=django&work_mode=remote", frequency="weekly")
    SavedSearchFactory(name="Someone else's", query="q=flask")
    client.force_login(user)

    html = client.get(LIST).content.decode()

    assert "Remote Django" in html
    assert "django, remote" in html
    assert "Weekly emails" in html
    assert 'href="/jobs/?q=django&amp;work_mode=remote"' in html
    assert reverse("searches:edit", args=[user.saved_searches.get().pk]) in html
    assert "Someone else" not in html


def test_the_list_is_empty_with_a_way_to_search(client):
    client.force_login(UserFactory(seeker=True))

    html = client.get(LIST).content.decode()

    assert "No saved searches yet" in html


@pytest.mark.parametrize("n", [2, 20])
def test_the_list_query_count_is_flat(client, django_assert_num_queries, n):
    user = UserFactory(seeker=True)
    for i in range(n):
        SavedSearchFactory(user=user, query=f"q=django&salary={i + 1}&skills=postgresql")
    client.force_login(user)

    # session, user, the searches (with their role), the skill taxonomy
    with django_assert_num_queries(4):
        response = client.get(LIST)

    assert response.status_code == 200


def test_editing_renames_and_changes_frequency(client):
    user = UserFactory(seeker=True)
    saved = SavedSearchFactory(user=user, frequency="daily")
    client.force_login(user)

    page = client.get(reverse("searches:edit", args=[saved.pk]))
    response = client.post(
        reverse("searches:edit", args=[saved.pk]),
        {"name": "Weekly Django", "frequency": "weekly", "alerts_enabled": "on"},
    )

    saved.refresh_from_db()
    assert page.status_code == 200
    assert response.url == LIST
    assert (saved.name, saved.frequency) == ("Weekly Django", "weekly")
    # A new frequency counts from now.
    assert saved.next_digest_at > timezone.now() + timedelta(days=6)


def test_editing_to_a_name_already_used_says_so(client):
    user = UserFactory(seeker=True)
    SavedSearchFactory(user=user, name="Taken")
    saved = SavedSearchFactory(user=user, name="Mine")
    client.force_login(user)

    response = client.post(
        reverse("searches:edit", args=[saved.pk]),
        {"name": "taken", "frequency": "daily", "alerts_enabled": "on"},
    )

    saved.refresh_from_db()
    assert response.status_code == 200
    assert "You already have a saved search called “taken”" in response.content.decode()
    assert saved.name == "Mine"


def test_alerts_switch_off_and_on(client):
    user = UserFactory(seeker=True)
    saved = SavedSearchFactory(user=user, last_digest_at=timezone.now() - timedelta(days=5))
    client.force_login(user)
    url = reverse("searches:alerts", args=[saved.pk])

    off = client.post(url, {"enabled": "0"}, headers={"HX-Request": "true"})
    saved.refresh_from_db()
    assert (saved.alerts_enabled, saved.next_digest_at) == (False, None)
    assert "Email alerts off" in off.content.decode()
    assert off.content.decode().lstrip().startswith(f'<form id="alerts-{saved.pk}"')

    on = client.post(url, {"enabled": "1"})
    saved.refresh_from_db()
    assert on.url == LIST
    assert saved.alerts_enabled
    # Back on: new jobs from now on, not the backlog of the days it was off.
    assert abs(saved.last_digest_at - timezone.now()) < timedelta(seconds=30)
    assert saved.next_digest_at > timezone.now()


def test_delete_asks_first_then_deletes(client):
    user = UserFactory(seeker=True)
    saved = SavedSearchFactory(user=user, name="Old search")
    client.force_login(user)
    url = reverse("searches:delete", args=[saved.pk])

    confirm = client.get(url)
    assert SavedSearch.objects.filter(pk=saved.pk).exists()
    assert "Delete this saved search?" in confirm.content.decode()

    response = client.post(url)
    assert response.url == LIST
    assert not SavedSearch.objects.filter(pk=saved.pk).exists()


def test_another_users_saved_search_is_404_and_unchanged(client):
    owner_search = SavedSearchFactory(name="Private", frequency="daily")
    before = SavedSearch.objects.filter(pk=owner_search.pk).values().get()
    client.force_login(UserFactory(seeker=True))

    responses = [
        client.get(reverse("searches:edit", args=[owner_search.pk])),
        client.post(
            reverse("searches:edit", args=[owner_search.pk]),
            {"name": "Hijacked", "frequency": "weekly", "alerts_enabled": ""},
        ),
        client.post(reverse("searches:alerts", args=[owner_search.pk]), {"enabled": "0"}),
        client.get(reverse("searches:delete", args=[owner_search.pk])),
        client.post(reverse("searches:delete", args=[owner_search.pk])),
    ]

    assert [response.status_code for response in responses] == [404] * 5
    assert SavedSearch.objects.filter(pk=owner_search.pk).values().get() == before


def test_services_refuse_another_users_search():
    saved = SavedSearchFactory()
    stranger = UserFactory()

    with pytest.raises(PermissionDenied):
        saved_search_delete(saved_search=saved, by=stranger)
    with pytest.raises(PermissionDenied):
        saved_search_update(
            saved_search=saved, by=stranger, name="x", frequency="daily", alerts_enabled=False
        )
    assert SavedSearch.objects.filter(pk=saved.pk, alerts_enabled=True).exists()


def test_service_create_names_an_unnamed_search_by_its_summary():
    user = UserFactory(seeker=True)

    saved = saved_search_create(user=user, name="", query="q=django&level=senior", frequency="daily")

    assert saved.name == "django, senior"


def test_service_create_refuses_an_unknown_frequency():
    with pytest.raises(ValueError, match="not a valid"):
        saved_search_create(user=UserFactory(), name="x", query="", frequency="hourly")
    assert not SavedSearch.objects.exists()
