"""Sign in (and sign up) with GitHub or Google, against recorded provider responses.

The provider's side is tests/social_stub.py on loopback: allauth redirects to its
authorise URL, exchanges the code at its token endpoint and reads its user
endpoints, exactly as it would with github.com.
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount, SocialToken
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.factories import TEST_PASSWORD, UserFactory
from tests.social_stub import GITHUB_CLIENT_ID, GOOGLE_CLIENT_ID, recorded

pytestmark = pytest.mark.django_db

GITHUB_UID = str(recorded("github_user.json")["id"])


def start(client, provider="github", **params):
    """Press "Continue with <provider>": the redirect to the provider's authorise URL."""
    url = reverse(f"{provider}_login")
    response = client.post(f"{url}?{urlencode(params)}" if params else url)
    assert response.status_code == 302, response.content[:500]
    return response["Location"]


def come_back(client, provider, authorise_url, **params):
    """The provider sends the browser back to our callback (consent given unless told)."""
    state = parse_qs(urlsplit(authorise_url).query)["state"][0]
    return client.get(reverse(f"{provider}_callback"), {"code": "stub-code-123", "state": state, **params})


def sign_in_with(client, provider="github", **params):
    return come_back(client, provider, start(client, provider, **params))


def signed_in_user(client):
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def form_action(response):
    policy = response["Content-Security-Policy"]
    return next(part for part in policy.split(";") if part.strip().startswith("form-action")).split()[1:]


# --- Offered only when configured ---------------------------------------------------


def test_without_keys_there_are_no_buttons_and_the_provider_urls_are_404(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {}

    for page in ("account_login", "account_signup"):
        response = client.get(reverse(page))
        assert response.status_code == 200
        assert b"Continue with" not in response.content
        assert form_action(response) == ["'self'"]
    for name in (
        "github_login",
        "github_callback",
        "google_login",
        "google_callback",
        "google_login_by_token",
    ):
        assert client.post(reverse(name)).status_code == 404
        assert client.get(reverse(name)).status_code == 404


def test_login_and_signup_pages_offer_each_configured_provider(client, providers):
    for page in ("account_login", "account_signup"):
        response = client.get(reverse(page))
        assert response.status_code == 200
        assert b"Continue with GitHub" in response.content
        assert b"Continue with Google" in response.content
        # The buttons POST (with a CSRF token) and are redirected to the providers:
        # the page's CSP lets forms go there, and nowhere else.
        assert f'action="{reverse("github_login")}?process=login"'.encode() in response.content
        assert form_action(response) == ["'self'", providers.url]
    # Other pages keep form-action 'self'.
    assert form_action(client.get(reverse("home"))) == ["'self'"]


def test_only_the_configured_provider_is_offered(client, providers, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {"github": settings.SOCIALACCOUNT_PROVIDERS["github"]}

    response = client.get(reverse("account_login"))

    assert b"Continue with GitHub" in response.content
    assert b"Continue with Google" not in response.content
    assert client.post(reverse("google_login")).status_code == 404


def test_a_social_app_row_in_the_database_offers_nothing(client, settings):
    from allauth.socialaccount.models import SocialApp

    settings.SOCIALACCOUNT_PROVIDERS = {}
    SocialApp.objects.create(provider="github", name="GitHub", client_id="db-client", secret="db-secret")

    assert b"Continue with" not in client.get(reverse("account_login")).content
    assert client.post(reverse("github_login")).status_code == 404


def test_the_keys_come_from_the_environment_in_pairs():
    code = (
        "import json, django; from django.conf import settings; django.setup();"
        "print(json.dumps(settings.SOCIALACCOUNT_PROVIDERS))"
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "GOOGLE_"))}
    base["DJANGO_SETTINGS_MODULE"] = "jobportal.settings"
    # Set, even empty, they win over a developer's .env file.
    base.update(
        dict.fromkeys(
            ["GITHUB_CLIENT_ID", "GITHUB_CLIENT_SECRET", "GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET"], ""
        )
    )
    root = Path(__file__).resolve().parents[2]

    def run(**env):
        return subprocess.run(
            [sys.executable, "-c", code],
            env={**base, **env},
            cwd=root,
            capture_output=True,
            text=True,
            timeout=60,
        )

    configured = run(GITHUB_CLIENT_ID="gh-id", GITHUB_CLIENT_SECRET="gh-secret")
    assert configured.returncode == 0, configured.stderr
    providers = json.loads(configured.stdout)
    assert list(providers) == ["github"]
    assert providers["github"] == {
        "APPS": [{"client_id": "gh-id", "secret": "gh-secret"}],
        "SCOPE": ["user:email"],
        "OAUTH_PKCE_ENABLED": True,
        "VERIFIED_EMAIL": False,
    }
    both = json.loads(
        run(
            GITHUB_CLIENT_ID="a", GITHUB_CLIENT_SECRET="b", GOOGLE_CLIENT_ID="c", GOOGLE_CLIENT_SECRET="d"
        ).stdout
    )
    assert list(both) == ["github", "google"]
    assert both["google"]["SCOPE"] == ["profile", "email"]
    assert json.loads(run().stdout) == {}
    half = run(GOOGLE_CLIENT_ID="only-the-id")
    assert half.returncode != 0
    assert "Set both GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET" in half.stderr


# --- The redirect to the provider ---------------------------------------------------


def test_the_redirect_to_github_carries_our_client_id_scope_state_and_pkce(client, providers):
    location = start(client, "github")

    parts = urlsplit(location)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{providers.url}/login/oauth/authorize"
    assert query["client_id"] == GITHUB_CLIENT_ID
    assert query["scope"] == "user:email"
    assert query["response_type"] == "code"
    assert query["redirect_uri"] == "http://testserver/accounts/github/login/callback/"
    assert len(query["state"]) >= 12
    assert query["code_challenge_method"] == "S256"
    assert query["code_challenge"]
    # Each start gets its own state.
    assert parse_qs(urlsplit(start(client, "github")).query)["state"][0] != query["state"]


def test_the_redirect_to_google_carries_our_client_id_scope_and_state(client, providers):
    query = {key: values[0] for key, values in parse_qs(urlsplit(start(client, "google")).query).items()}

    assert query["client_id"] == GOOGLE_CLIENT_ID
    assert set(query["scope"].split()) == {"profile", "email"}
    assert query["redirect_uri"] == "http://testserver/accounts/google/login/callback/"
    assert query["state"]
    assert query["code_challenge"]


def test_opening_the_provider_url_with_a_get_only_shows_a_continue_button(client, providers):
    response = client.get(reverse("github_login"))

    assert response.status_code == 200
    assert b"Continue to GitHub" in response.content
    assert form_action(response) == ["'self'", providers.url]
    assert providers.seen == []


# --- A new account -----------------------------------------------------------------


def test_a_new_github_account_chooses_seeker_or_employer_before_it_exists(client, providers):
    response = sign_in_with(client, "github")

    assert response.status_code == 302
    assert response["Location"] == reverse("socialaccount_signup")
    # Nothing exists yet, and nobody is signed in: seeker and employer pages need an account.
    assert not User.objects.exists()
    assert signed_in_user(client) is None
    assert client.get(reverse("accounts:profile"))["Location"].startswith(reverse("account_login"))
    assert client.get(reverse("employer:dashboard")).status_code == 302

    form = client.get(reverse("socialaccount_signup"))
    assert form.status_code == 200
    content = form.content.decode()
    assert "One more step" in content
    assert 'value="seeker"' in content
    assert 'value="employer"' in content
    assert "checked" not in content.split('name="role"', 1)[1].split("</div>", 1)[0]
    # Only the address GitHub verified is offered: not its no-reply address, not an unverified one.
    assert 'value="ada@example.com"' in content
    assert "noreply" not in content
    assert "ada.old@example.org" not in content

    no_role = client.post(reverse("socialaccount_signup"), {"email": "ada@example.com"})
    assert no_role.status_code == 200
    assert "Choose whether you are looking for a job or hiring." in no_role.content.decode()
    assert not User.objects.exists()


def test_choosing_seeker_makes_a_verified_account_and_goes_on_to_the_github_import(client, providers):
    sign_in_with(client, "github")

    response = client.post(reverse("socialaccount_signup"), {"role": "seeker", "email": "ada@example.com"})

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile_github")
    user = User.objects.get()
    assert (user.email, user.role, user.full_name) == ("ada@example.com", "seeker", "Ada Lovelace")
    assert not user.has_usable_password()
    assert list(EmailAddress.objects.filter(user=user).values_list("email", "verified", "primary")) == [
        ("ada@example.com", True, True)
    ]
    account = SocialAccount.objects.get(user=user)
    assert (account.provider, account.uid) == ("github", GITHUB_UID)
    assert SocialToken.objects.get(account=account).token == recorded("github_token.json")["access_token"]
    assert signed_in_user(client) == user
    # allauth exchanged the code with our client id, the secret and the PKCE verifier...
    (exchange,) = providers.requests_to("/login/oauth/access_token")
    assert exchange.form["client_id"] == GITHUB_CLIENT_ID
    assert exchange.form["client_secret"] == "stub-github-secret"
    assert exchange.form["code"] == "stub-code-123"
    assert exchange.form["code_verifier"]
    # ...and read the user with the token it got.
    (user_request,) = providers.requests_to("/api/v3/user")
    assert user_request.headers["Authorization"] == f"token {recorded('github_token.json')['access_token']}"


def test_choosing_employer_makes_an_employer_account(client, providers):
    sign_in_with(client, "github")

    response = client.post(reverse("socialaccount_signup"), {"role": "employer", "email": "ada@example.com"})

    assert response.status_code == 302
    assert response["Location"] != reverse("accounts:profile_github")
    assert User.objects.get().role == User.Role.EMPLOYER


def test_the_signup_keeps_where_the_person_was_going(client, providers):
    sign_in_with(client, "github", next="/jobs/")

    response = client.post(reverse("socialaccount_signup"), {"role": "seeker", "email": "ada@example.com"})

    assert response["Location"] == "/jobs/"


def test_without_a_verified_address_the_typed_one_is_confirmed_by_email_first(client, providers, on_commit):
    providers.github_defaults(emails=[])
    sign_in_with(client, "github")

    with on_commit():
        response = client.post(
            reverse("socialaccount_signup"), {"role": "seeker", "email": "ada@example.net"}
        )

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get()
    assert not EmailAddress.objects.get(user=user).verified
    assert signed_in_user(client) is None
    assert mail.outbox[-1].to == ["ada@example.net"]
    assert "/accounts/confirm-email/" in mail.outbox[-1].body


def test_a_returning_github_user_signs_straight_in(client, providers):
    user = UserFactory(email="someone@example.com", role=User.Role.EMPLOYER)
    SocialAccount.objects.create(user=user, provider="github", uid=GITHUB_UID)

    response = sign_in_with(client, "github")

    assert response.status_code == 302
    assert response["Location"] == reverse("employer:company_create")  # no company yet: its first step
    assert signed_in_user(client) == user
    assert User.objects.get(pk=user.pk).role == User.Role.EMPLOYER


def test_google_signup_takes_the_verified_address_of_the_id_token(client, providers):
    response = sign_in_with(client, "google")
    assert response["Location"] == reverse("socialaccount_signup")

    response = client.post(reverse("socialaccount_signup"), {"role": "seeker", "email": "grace@example.com"})

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")  # a new seeker: the profile first
    user = User.objects.get()
    assert (user.email, user.full_name) == ("grace@example.com", "Grace Hopper")
    assert EmailAddress.objects.get(user=user).verified
    assert SocialAccount.objects.get(user=user).uid == "109876543210987654321"
    # Only GitHub's token has a use here (the profile import); Google's is not kept.
    assert not SocialToken.objects.exists()


# --- An existing account -------------------------------------------------------------


def test_an_account_with_the_same_verified_address_is_signed_in_and_github_connected(
    client, providers, on_commit
):
    user = UserFactory(email="ada@example.com", role=User.Role.SEEKER)

    with on_commit():
        response = sign_in_with(client, "github")

    assert response.status_code == 302
    assert signed_in_user(client) == user
    account = SocialAccount.objects.get(user=user)
    assert account.uid == GITHUB_UID
    user.refresh_from_db()
    assert user.has_usable_password()
    assert user.check_password(TEST_PASSWORD)
    # The owner is told, in case it wasn't them.
    (notice,) = [message for message in mail.outbox if "connected" in message.subject]
    assert notice.to == ["ada@example.com"]
    assert notice.subject.endswith("GitHub was connected to your account")
    assert "ada-dev" in notice.body


def test_an_account_whose_address_is_not_confirmed_here_is_never_connected(client, providers):
    user = UserFactory(email="ada@example.com", verified=False)

    response = sign_in_with(client, "github")

    assert response.status_code == 409
    content = response.content.decode()
    assert "You already have an account" in content
    assert "ada@example.com" in content
    assert reverse("account_reset_password") in content
    assert not SocialAccount.objects.exists()
    assert signed_in_user(client) is None
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)
    assert User.objects.count() == 1


def test_a_staff_account_is_never_signed_in_by_email(client, providers):
    UserFactory(email="ada@example.com", staff=True)

    response = sign_in_with(client, "github")

    assert response.status_code == 409
    assert signed_in_user(client) is None
    assert not SocialAccount.objects.exists()


def test_an_address_github_did_not_verify_never_reaches_an_account(client, providers, on_commit):
    # GitHub lists ada.old@example.org as unverified: whoever owns the GitHub account
    # may not own that address.
    owner = UserFactory(email="ada.old@example.org")

    response = sign_in_with(client, "github")

    assert response["Location"] == reverse("socialaccount_signup")
    assert signed_in_user(client) is None
    assert not SocialAccount.objects.filter(user=owner).exists()


def test_a_taken_address_typed_on_the_form_answers_like_any_signup(client, providers, on_commit):
    # Only an unverified address from GitHub, and it is someone's account here: the form
    # must not tell (no enumeration); the owner gets the "account already exists" email.
    providers.github_defaults(emails=[{"email": "victim@example.com", "primary": True, "verified": False}])
    victim = UserFactory(email="victim@example.com")
    sign_in_with(client, "github")

    with on_commit():
        response = client.post(
            reverse("socialaccount_signup"), {"role": "seeker", "email": "victim@example.com"}
        )

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.count() == 1
    assert not SocialAccount.objects.exists()
    assert signed_in_user(client) is None
    assert mail.outbox[-1].to == [victim.email]
    assert "already exists" in mail.outbox[-1].body


def test_google_with_an_unverified_address_never_reaches_an_account(client, providers):
    providers.google_defaults(claims={"email": "ada@example.com", "email_verified": False})
    user = UserFactory(email="ada@example.com")

    response = sign_in_with(client, "google")

    assert response["Location"] == reverse("socialaccount_signup")
    assert signed_in_user(client) is None
    assert not SocialAccount.objects.filter(user=user).exists()


# --- What goes wrong -------------------------------------------------------------------


def test_cancelled_consent_says_so_and_changes_nothing(client, providers):
    providers.consent = "deny"
    authorise_url = start(client, "github")

    response = come_back(client, "github", authorise_url, code="", error="access_denied")

    assert response.status_code == 200
    content = response.content.decode()
    assert "Sign-in cancelled" in content
    assert "You didn't allow GitHub" in content
    assert not User.objects.exists()
    assert providers.requests_to("/login/oauth/access_token") == []


def test_a_state_that_matches_no_sign_in_here_is_refused(client, providers):
    start(client, "github")

    forged = client.get(reverse("github_callback"), {"code": "stub-code-123", "state": "forged-state-value"})
    no_state = client.get(reverse("github_callback"), {"code": "stub-code-123"})

    for response in (forged, no_state):
        assert response.status_code == 400
        assert "This sign-in link has expired" in response.content.decode()
    assert providers.requests_to("/login/oauth/access_token") == []
    assert not User.objects.exists()


def test_a_state_from_another_browser_is_refused(client, providers):
    from django.test import Client

    authorise_url = start(Client(), "github")

    response = come_back(client, "github", authorise_url)

    assert response.status_code == 400
    assert providers.requests_to("/login/oauth/access_token") == []


def test_a_state_is_used_once(client, providers):
    authorise_url = start(client, "github")
    assert come_back(client, "github", authorise_url)["Location"] == reverse("socialaccount_signup")

    again = come_back(client, "github", authorise_url)

    assert again.status_code == 400


def test_an_error_from_the_provider_is_named_without_its_free_text(client, providers):
    authorise_url = start(client, "github")

    response = come_back(
        client,
        "github",
        authorise_url,
        code="",
        error="redirect_uri_mismatch",
        error_description="<b>Call us</b>",
    )

    assert response.status_code == 401
    content = response.content.decode()
    assert "GitHub couldn't sign you in" in content
    assert "<code>redirect_uri_mismatch</code>" in content
    assert "Call us" not in content
    assert "Continue with GitHub" in content  # try again


@pytest.mark.parametrize(
    ("method", "path", "answer"),
    [
        ("POST", "/login/oauth/access_token", {"status": 500, "body": "<html>Unicorn!</html>"}),
        ("POST", "/login/oauth/access_token", {"body": {"error": "bad_verification_code"}}),
        ("GET", "/api/v3/user", {"status": 502, "body": {"message": "Server Error"}}),
        ("GET", "/api/v3/user", {"body": "<html>not json</html>", "headers": {"Content-Type": "text/html"}}),
        ("GET", "/api/v3/user", {"body": {"login": "ada-dev"}}),  # no id
        ("GET", "/api/v3/user", {"body": ["not", "a", "user"]}),
        ("GET", "/api/v3/user/emails", {"status": 500, "body": {}}),
        ("GET", "/api/v3/user", {"body": recorded("github_user.json"), "delay": 1.5}),
    ],
    ids=[
        "token-500",
        "token-refused",
        "user-502",
        "user-not-json",
        "user-without-id",
        "user-not-an-object",
        "emails-500",
        "user-timeout",
    ],
)
def test_the_provider_failing_ends_on_a_page_that_says_so(client, providers, settings, method, path, answer):
    settings.SOCIALACCOUNT_REQUESTS_TIMEOUT = 0.5
    providers.answer(method, path, **answer)

    response = sign_in_with(client, "github")

    assert response.status_code == 401
    content = response.content.decode()
    assert "GitHub couldn't sign you in" in content
    assert "Try again in a minute" in content
    assert not User.objects.exists()
    assert signed_in_user(client) is None


def test_a_bad_google_id_token_ends_on_the_provider_error_page(client, providers):
    providers.google_defaults(claims={"aud": "someone-elses-client"})

    response = sign_in_with(client, "google")

    assert response.status_code == 401
    assert "Google couldn't sign you in" in response.content.decode()
    assert not User.objects.exists()


def test_callbacks_count_in_the_login_rate_limit(client, providers, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "3/m/ip"}
    # Password logins and social callbacks share the per-address count.
    client.post(reverse("account_login"), {"login": "nobody@example.com", "password": "wrong-password-1"})
    authorise_url = start(client, "github")
    assert come_back(client, "github", authorise_url).status_code == 302
    assert come_back(client, "github", authorise_url).status_code == 400

    limited = come_back(client, "github", start(client, "github"))

    assert limited.status_code == 429
    assert len(providers.requests_to("/login/oauth/access_token")) == 1


def test_the_social_signup_form_counts_in_the_signup_rate_limit(client, providers, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/m/ip"}
    sign_in_with(client, "github")
    for _ in range(2):
        assert client.post(reverse("socialaccount_signup"), {"email": "ada@example.com"}).status_code == 200

    response = client.post(reverse("socialaccount_signup"), {"role": "seeker", "email": "ada@example.com"})

    assert response.status_code == 429
    assert not User.objects.exists()


# --- Connected accounts under Account ----------------------------------------------------


def test_a_signed_in_person_connects_github_and_is_told_by_email(client, providers, on_commit):
    user = UserFactory(email="ada.work@example.com")
    client.force_login(user)
    page = client.get(reverse("socialaccount_connections"))
    assert b"Connect GitHub" in page.content
    assert form_action(page) == ["'self'", providers.url]

    with on_commit():
        response = sign_in_with(
            client, "github", process="connect", next=reverse("socialaccount_connections")
        )

    assert response.status_code == 302
    assert response["Location"] == reverse("socialaccount_connections")
    assert SocialAccount.objects.get(user=user).uid == GITHUB_UID
    # Connecting doesn't add GitHub's addresses to the account.
    assert list(EmailAddress.objects.filter(user=user).values_list("email", flat=True)) == [
        "ada.work@example.com"
    ]
    page = client.get(reverse("socialaccount_connections"))
    assert "GitHub is connected: you can sign in with it from now on." in page.content.decode()
    assert b"ada-dev" in page.content
    assert [message.to for message in mail.outbox if "connected" in message.subject] == [
        ["ada.work@example.com"]
    ]


def test_a_github_account_connected_to_someone_else_is_not_moved(client, providers):
    other = UserFactory()
    SocialAccount.objects.create(user=other, provider="github", uid=GITHUB_UID)
    user = UserFactory()
    client.force_login(user)

    response = sign_in_with(client, "github", process="connect")

    assert response.status_code == 302
    assert SocialAccount.objects.get().user == other
    assert signed_in_user(client) == user
    page = client.get(response["Location"])
    assert "connected to another account on this site" in page.content.decode()


def test_the_last_way_to_log_in_cannot_be_disconnected(client, providers):
    user = UserFactory()
    user.set_unusable_password()
    user.save()
    account = SocialAccount.objects.create(user=user, provider="github", uid=GITHUB_UID)
    client.force_login(user)

    response = client.post(reverse("socialaccount_connections"), {"account": account.pk})

    assert response.status_code == 200
    content = response.content.decode()
    assert "set a password first" in content
    assert reverse("account_set_password") in content
    assert SocialAccount.objects.filter(pk=account.pk).exists()


def test_with_a_password_github_can_be_disconnected_and_its_token_goes_with_it(client, providers, on_commit):
    user = UserFactory(email="ada@example.com")
    account = SocialAccount.objects.create(user=user, provider="github", uid=GITHUB_UID)
    SocialToken.objects.create(account=account, token="gho_secret")
    client.force_login(user)

    with on_commit():
        response = client.post(reverse("socialaccount_connections"), {"account": account.pk})

    assert response.status_code == 302
    assert not SocialAccount.objects.exists()
    assert not SocialToken.objects.exists()
    assert [message.subject for message in mail.outbox][-1].endswith(
        "GitHub was disconnected from your account"
    )


def test_nobody_can_disconnect_someone_elses_account(client, providers):
    owner = UserFactory()
    account = SocialAccount.objects.create(user=owner, provider="github", uid=GITHUB_UID)
    client.force_login(UserFactory())

    response = client.post(reverse("socialaccount_connections"), {"account": account.pk})

    assert response.status_code == 200
    assert SocialAccount.objects.filter(pk=account.pk, user=owner).exists()


def test_the_account_menu_links_connected_accounts_only_when_a_provider_is_offered(
    client, settings, providers
):
    client.force_login(UserFactory())
    assert reverse("socialaccount_connections").encode() in client.get(reverse("accounts:settings")).content

    settings.SOCIALACCOUNT_PROVIDERS = {}

    assert (
        reverse("socialaccount_connections").encode() not in client.get(reverse("accounts:settings")).content
    )


def test_a_person_who_signs_in_only_with_github_can_still_get_a_password(client, providers, on_commit):
    sign_in_with(client, "github")
    client.post(reverse("socialaccount_signup"), {"role": "seeker", "email": "ada@example.com"})
    client.logout()

    with on_commit():
        client.post(reverse("account_reset_password"), {"email": "ada@example.com"})

    assert mail.outbox[-1].to == ["ada@example.com"]
    assert "/accounts/password/reset/key/" in mail.outbox[-1].body


def test_staff_manage_no_provider_apps_and_see_no_tokens_in_the_admin(client):
    client.force_login(UserFactory(staff=True, is_superuser=True))

    index = client.get(reverse("admin:index")).content.decode()

    assert "/admin/socialaccount/socialaccount/" in index
    assert "/admin/socialaccount/socialtoken/" not in index
    assert "/admin/socialaccount/socialapp/" not in index


def test_the_signup_form_takes_no_address_the_provider_did_not_verify(client, providers):
    sign_in_with(client, "github")

    for address in ("ada.old@example.org", "5123456+ada-dev@users.noreply.github.com", "mallory@example.com"):
        response = client.post(reverse("socialaccount_signup"), {"role": "seeker", "email": address})
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
    assert not User.objects.exists()


def test_cancelling_a_connect_leads_back_to_connected_accounts(client, providers):
    user = UserFactory()
    client.force_login(user)
    authorise_url = start(client, "github", process="connect")

    response = come_back(client, "github", authorise_url, code="", error="access_denied")

    content = response.content.decode()
    assert "Connecting was cancelled" in content
    assert reverse("socialaccount_connections") in content
    assert "Continue with GitHub" not in content
    assert signed_in_user(client) == user
    assert not SocialAccount.objects.exists()
