"""The GitHub side of "Start my profile from GitHub".

Two calls to the GitHub API with the token the person gave us when they signed
in or connected GitHub (scope user:email: nothing private is readable): their
profile, and their own public repositories (with each one's language and topics).
Short timeouts; every failure is a GitHubUnavailable that says what to do.
"""

import logging
from urllib.parse import quote

import requests
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialToken
from allauth.socialaccount.providers.github.views import GitHubOAuth2Adapter
from django.conf import settings

from listings.models import Skill

from .github_profile import PublicProfile, Repo, profile_suggestions
from .social import github_account

logger = logging.getLogger(__name__)

REPOS_PER_PAGE = 100  # one page: the 100 most recently pushed are plenty to suggest from


class GitHubUnavailable(Exception):
    """GitHub couldn't give us the profile. `reason`: "token" (no token, or GitHub
    refused it: connect again), "rate_limited" or "down" (errors, timeouts, nonsense)."""

    def __init__(self, reason, detail=""):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason


def api_url():
    # allauth's, so that GitHub Enterprise (its GITHUB_URL setting) and the tests'
    # stub server apply to the import as to the sign-in.
    return GitHubOAuth2Adapter.api_url.rstrip("/")


def _get_json(session, url, token, params=None):
    try:
        response = session.get(
            url,
            params=params,
            headers={
                "Authorization": f"Bearer {token}",
                "Accept": "application/vnd.github+json",
                "X-GitHub-Api-Version": "2022-11-28",
            },
            timeout=settings.GITHUB_API_TIMEOUT,
            allow_redirects=False,
        )
    except requests.RequestException as exc:
        raise GitHubUnavailable("down", repr(exc)) from exc
    if response.status_code == 401:
        raise GitHubUnavailable("token", "GitHub refused the token")
    if response.status_code in (403, 429) and (
        response.headers.get("x-ratelimit-remaining") == "0" or "retry-after" in response.headers
    ):
        raise GitHubUnavailable("rate_limited", f"HTTP {response.status_code}")
    if response.status_code != 200:
        raise GitHubUnavailable("down", f"HTTP {response.status_code} from {url}")
    try:
        return response.json()
    except ValueError as exc:
        raise GitHubUnavailable("down", "not JSON") from exc


def _text(value):
    return value if isinstance(value, str) else ""


def public_profile_fetch(token):
    """The person's public profile and their own public repositories, as GitHub says."""
    with get_adapter().get_requests_session() as session:
        user = _get_json(session, f"{api_url()}/user", token)
        if not isinstance(user, dict) or not _text(user.get("login")):
            raise GitHubUnavailable("down", "no login in the user document")
        login = user["login"]
        # /users/<login>/repos lists public repositories only, whatever the token may read.
        repos = _get_json(
            session,
            f"{api_url()}/users/{quote(login, safe='')}/repos",
            token,
            params={"type": "owner", "sort": "pushed", "per_page": REPOS_PER_PAGE},
        )
    if not isinstance(repos, list):
        raise GitHubUnavailable("down", "the repositories are not a list")
    return PublicProfile(
        login=login,
        html_url=_text(user.get("html_url")),
        name=_text(user.get("name")),
        location=_text(user.get("location")),
        bio=_text(user.get("bio")),
        repos=tuple(
            Repo(
                name=_text(repo.get("name")),
                language=_text(repo.get("language")),
                topics=tuple(topic for topic in repo.get("topics") or [] if isinstance(topic, str)),
                fork=bool(repo.get("fork")),
            )
            for repo in repos
            if isinstance(repo, dict) and not repo.get("private")
        ),
    )


def github_import_fetch(user):
    """What "Start my profile from GitHub" offers `user`: plain data (see
    github_profile.profile_suggestions) plus the GitHub account's id. Raises
    GitHubUnavailable."""
    account = github_account(user)
    token = SocialToken.objects.filter(account=account).order_by("-pk").first() if account else None
    if token is None:
        raise GitHubUnavailable("token", "no stored token")
    try:
        profile = public_profile_fetch(token.token)
    except GitHubUnavailable as exc:
        logger.warning("GitHub profile import for user %s failed: %s", user.pk, exc)
        raise
    skills = [
        (skill.slug, skill.name, skill.aliases) for skill in Skill.objects.only("slug", "name", "aliases")
    ]
    return {"account_uid": account.uid, **profile_suggestions(profile, skills)}
