"""Start my profile from GitHub: suggestions from the public profile, saved only when kept."""

import importlib

import pytest
from allauth.socialaccount.models import SocialAccount, SocialToken
from django.urls import reverse

from accounts.github_profile import (
    PublicProfile,
    Repo,
    headline_from_bio,
    parse_location,
    profile_suggestions,
    suggest_skills,
)
from accounts.models import SeekerProfile
from tests.factories import (
    ApplicationFactory,
    CompanyFactory,
    JobFactory,
    SeekerProfileFactory,
    UserFactory,
    employer_of,
)
from tests.social_stub import recorded

IMPORT_URL = "/accounts/profile/github/"
TOKEN = recorded("github_token.json")["access_token"]
TAXONOMY = [
    (slug, name, aliases)
    for name, slug, _category, _specialisation, aliases in importlib.import_module(
        "listings.migrations.0003_skill_taxonomy"
    ).SKILLS
]


def recorded_repos():
    return [
        Repo(
            name=repo["name"],
            language=repo["language"] or "",
            topics=tuple(repo["topics"]),
            fork=repo["fork"],
        )
        for repo in recorded("github_repos.json")
    ]


# --- Pure: locations, headlines, skills ------------------------------------------------


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        ("Berlin, Germany", ("Berlin", "DE")),
        ("Germany", ("", "DE")),
        ("Austin, TX, USA", ("Austin, TX", "US")),
        ("London, UK", ("London", "GB")),
        ("Amsterdam, The Netherlands", ("Amsterdam", "NL")),
        ("Toronto, CAN", ("Toronto", "CA")),
        # Two letters are too often a US state to be read as a country.
        ("San Francisco, CA", ("San Francisco, CA", "")),
        ("Remote", ("Remote", "")),
        ("  Lyon ,  France ", ("Lyon", "FR")),
        ("", ("", "")),
        (None, ("", "")),
        ("x" * 300, ("x" * 100, "")),
    ],
)
def test_a_github_location_becomes_a_city_and_a_country(location, expected):
    assert parse_location(location) == expected


def test_a_bio_becomes_a_one_line_headline_cut_at_a_word():
    assert (
        headline_from_bio("Backend developer:\r\nDjango  and PostgreSQL.")
        == "Backend developer: Django and PostgreSQL."
    )
    long = headline_from_bio("Python " * 40)
    assert len(long) <= 140
    assert long.endswith("Python…")
    assert headline_from_bio(None) == ""


def test_languages_and_topics_of_own_repositories_become_taxonomy_skills():
    suggestions = suggest_skills(recorded_repos(), TAXONOMY)

    by_slug = {suggestion.slug: suggestion for suggestion in suggestions}
    # The most used first: Python and Docker are in two repositories each.
    assert [suggestion.slug for suggestion in suggestions[:2]] == ["docker", "python"]
    assert by_slug["python"].repos == ["shop-api", "fastapi-notes"]
    assert by_slug["docker"].repos == ["shop-api", "k8s-deploy"]  # a topic, and the Dockerfile language
    # Through the taxonomy's names, slugs and aliases.
    assert by_slug["django-rest-framework"].terms == {"django-rest-framework"}
    assert by_slug["ci-cd"].terms == {"github-actions"}
    assert by_slug["terraform"].terms == {"HCL", "terraform"}
    assert by_slug["linux"].terms == {"Shell"}
    assert set(by_slug) == {
        "python", "docker", "django", "django-rest-framework", "postgresql", "celery", "fastapi",
        "redis", "pytest", "terraform", "aws", "kubernetes", "ci-cd", "linux",
    }  # fmt: skip
    # Forks are someone else's work: the forked "django" repository suggests nothing.
    assert by_slug["django"].repos == ["shop-api"]
    # Unknown languages and topics (Rust, "compiler") are left out.
    assert "rust" not in by_slug


def test_profile_suggestions_are_plain_data():
    profile = PublicProfile(
        login="ada-dev",
        html_url="https://github.com/ada-dev",
        name="  Ada   Lovelace ",
        location="Berlin, Germany",
        bio="Backend developer",
        repos=tuple(recorded_repos()),
    )

    data = profile_suggestions(profile, TAXONOMY)

    assert data["name"] == "Ada Lovelace"
    assert (data["city"], data["country"], data["headline"]) == ("Berlin", "DE", "Backend developer")
    assert data["repo_count"] == 6
    assert data["skills"][0] == {"slug": "docker", "repos": ["shop-api", "k8s-deploy"], "repo_count": 2}


# --- The page ------------------------------------------------------------------------------


@pytest.fixture
def seeker(providers):
    """A seeker with GitHub connected and its token kept."""
    user = UserFactory(seeker=True, email="ada@example.com", full_name="")
    account = SocialAccount.objects.create(
        user=user, provider="github", uid="5123456", extra_data=recorded("github_user.json")
    )
    SocialToken.objects.create(account=account, token=TOKEN)
    return user


pytestmark = pytest.mark.django_db


def test_the_page_shows_what_github_suggests_and_saves_nothing(seeker_client, seeker, providers):
    response = seeker_client.get(IMPORT_URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="Ada Lovelace"' in content
    assert 'value="Backend developer: Django, PostgreSQL and Celery. I like boring, fast APIs."' in content
    assert 'value="Berlin"' in content
    assert '<option value="DE" selected>' in content
    assert 'value="django-rest-framework"' in content
    assert "in 2 repositories: shop-api, fastapi-notes" in content
    # Nothing is saved before the person confirms.
    assert not SeekerProfile.objects.filter(user=seeker).exists()
    seeker.refresh_from_db()
    assert seeker.full_name == ""
    # Two API calls, with the person's token: their profile, their own public repositories.
    (user_call,) = providers.requests_to("/api/v3/user")
    assert user_call.headers["Authorization"] == f"Bearer {TOKEN}"
    (repos_call,) = providers.requests_to("/api/v3/users/ada-dev/repos")
    assert repos_call.query == {"type": "owner", "sort": "pushed", "per_page": "100"}
    assert repos_call.headers["Authorization"] == f"Bearer {TOKEN}"


def test_only_what_is_kept_is_saved(seeker_client, seeker, providers, on_commit):
    seeker_client.get(IMPORT_URL)

    with on_commit():
        response = seeker_client.post(
            IMPORT_URL,
            {
                "use_name": "on",
                "full_name": "Ada King",  # edited
                "headline": "Not kept",  # use_headline unticked
                "use_location": "on",
                "city": "Berlin",
                "country": "DE",
                "skills": ["django", "postgresql"],
            },
        )

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    seeker.refresh_from_db()
    assert seeker.full_name == "Ada King"
    profile = SeekerProfile.objects.get(user=seeker)
    assert (profile.headline, profile.city, profile.country.code) == ("", "Berlin", "DE")
    assert set(profile.skills.values_list("slug", flat=True)) == {"django", "postgresql"}
    page = seeker_client.get(response["Location"])
    assert "Saved from GitHub: your name, your location and 2 skills." in page.content.decode()


def test_skills_are_added_never_removed_and_existing_values_are_not_overwritten_by_default(
    seeker_client, seeker, providers
):
    SeekerProfileFactory(
        user=seeker, headline="Senior backend engineer", city="Lyon", country="FR", skills=["python", "sql"]
    )

    content = seeker_client.get(IMPORT_URL).content.decode()

    # The profile has a headline and a location: those rows start unticked; Python is already there.
    assert 'name="use_headline" id="id_use_headline"' in content
    assert 'name="use_headline" id="id_use_headline" checked' not in content
    assert 'name="use_location" id="id_use_location" checked' not in content
    assert 'name="use_name" id="id_use_name" checked' in content
    assert "In your profile now: Senior backend engineer" in content
    assert "Already in your profile: Python." in content
    assert 'value="python"' not in content

    seeker_client.post(IMPORT_URL, {"skills": ["docker"]})

    profile = SeekerProfile.objects.get(user=seeker)
    assert (profile.headline, profile.city) == ("Senior backend engineer", "Lyon")
    assert set(profile.skills.values_list("slug", flat=True)) == {"python", "sql", "docker"}


def test_only_suggested_skills_can_be_added(seeker_client, seeker, providers):
    seeker_client.get(IMPORT_URL)

    response = seeker_client.post(IMPORT_URL, {"skills": ["django", "graphql"]})

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not SeekerProfile.objects.filter(user=seeker).exists()


def test_a_kept_row_needs_a_value(seeker_client, seeker, providers):
    seeker_client.get(IMPORT_URL)

    response = seeker_client.post(IMPORT_URL, {"use_headline": "on", "headline": "  "})

    assert response.status_code == 200
    assert "Enter the headline to use" in response.content.decode()
    assert not SeekerProfile.objects.filter(user=seeker).exists()


def test_a_post_without_fresh_suggestions_reads_github_again(seeker_client, seeker, providers):
    response = seeker_client.post(IMPORT_URL, {"use_name": "on", "full_name": "Mallory"})

    assert response.status_code == 302
    assert response["Location"] == IMPORT_URL
    seeker.refresh_from_db()
    assert seeker.full_name == ""


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (
            {"status": 500, "body": {"message": "Server Error"}},
            "GitHub didn't answer, or answered with an error",
        ),
        (
            {"body": recorded("github_user.json"), "delay": 1.5},
            "GitHub didn't answer, or answered with an error",
        ),
        ({"body": "<html>", "headers": {"Content-Type": "text/html"}}, "GitHub didn't answer"),
        ({"body": {"no": "login"}}, "GitHub didn't answer"),
        ({"status": 401, "body": {"message": "Bad credentials"}}, "Connect GitHub again"),
        (
            {
                "status": 403,
                "body": {"message": "API rate limit exceeded"},
                "headers": {"x-ratelimit-remaining": "0"},
            },
            "GitHub is limiting how often we can ask",
        ),
    ],
    ids=["error", "timeout", "not-json", "no-login", "token-revoked", "rate-limited"],
)
def test_github_failing_is_a_clear_message_and_changes_nothing(
    seeker_client, seeker, providers, settings, answer, message
):
    settings.GITHUB_API_TIMEOUT = (0.5, 0.5)
    providers.answer("GET", "/api/v3/user", **answer)

    response = seeker_client.get(IMPORT_URL)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SeekerProfile.objects.filter(user=seeker).exists()


def test_the_repositories_failing_is_a_clear_message(seeker_client, providers):
    providers.answer("GET", "/api/v3/users/ada-dev/repos", status=502, body={})

    assert "GitHub didn't answer" in seeker_client.get(IMPORT_URL).content.decode()


def test_without_a_stored_token_the_page_asks_to_connect_again(seeker_client, providers):
    SocialToken.objects.all().delete()

    response = seeker_client.get(IMPORT_URL)

    assert "Connect GitHub again" in response.content.decode()
    assert providers.seen == []


def test_without_github_connected_the_page_offers_to_connect_it(client, providers):
    client.force_login(UserFactory(seeker=True))

    response = client.get(IMPORT_URL)

    content = response.content.decode()
    assert response.status_code == 200
    assert (
        f'action="{reverse("github_login")}?process=connect&amp;next=%2Faccounts%2Fprofile%2Fgithub%2F"'
        in content
    )
    assert providers.url in response["Content-Security-Policy"]


def test_the_page_is_for_seekers_and_only_when_github_is_offered(client, providers, settings):
    assert client.get(IMPORT_URL)["Location"].startswith(reverse("account_login"))
    client.force_login(UserFactory(employer=True))
    assert client.get(IMPORT_URL).status_code == 403

    client.force_login(UserFactory(seeker=True))
    settings.SOCIALACCOUNT_PROVIDERS = {}
    assert client.get(IMPORT_URL).status_code == 404
    assert b"Start my profile from GitHub" not in client.get(reverse("accounts:profile")).content


def test_the_profile_page_links_the_import_when_github_is_offered(seeker_client):
    assert b"Start my profile from GitHub" in seeker_client.get(reverse("accounts:profile")).content


def test_employers_see_nothing_from_github_that_the_seeker_did_not_save(seeker_client, seeker, providers):
    company = CompanyFactory()
    employer = employer_of(company)
    application = ApplicationFactory(job=JobFactory(company=company, published=True), seeker=seeker)
    SeekerProfileFactory(user=seeker, headline="Django developer")
    seeker_client.get(IMPORT_URL)  # suggestions fetched and kept in the seeker's session only

    seeker_client.force_login(employer)
    pages = [
        seeker_client.get(reverse("employer:application_detail", args=[application.pk])),
        seeker_client.get(reverse("employer:job_applicants", args=[application.job.pk])),
    ]

    for page in pages:
        assert page.status_code == 200
        content = page.content.decode()
        for github_only in (
            "ada-dev",
            "github.com",
            "ada_secret_handle",
            "analytical-engines",
            "boring, fast APIs",
        ):
            assert github_only not in content
    assert "Django developer" in pages[0].content.decode()


def test_keeping_nothing_saves_nothing(seeker_client, seeker, providers):
    seeker_client.get(IMPORT_URL)

    response = seeker_client.post(IMPORT_URL, {"full_name": "Ada Lovelace", "city": "Berlin"})

    assert response.status_code == 302
    assert not SeekerProfile.objects.filter(user=seeker).exists()
    seeker.refresh_from_db()
    assert seeker.full_name == ""
    assert "Nothing was taken from GitHub" in seeker_client.get(response["Location"]).content.decode()
