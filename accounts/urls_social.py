"""allauth's social sign-in URLs with our guards, listed before allauth.urls.

Same paths and names as allauth's, so reversing and allauth's own redirects are
unchanged; these entries win because they come first.
"""

from allauth.account import views as account_views
from allauth.decorators import rate_limit
from allauth.socialaccount import views as social_views
from allauth.socialaccount.providers.github import views as github_views
from allauth.socialaccount.providers.google import views as google_views
from django.http import Http404
from django.urls import path

from .social import provider_view, with_provider_forms


def not_offered(request, *args, **kwargs):
    raise Http404("This sign-in method is not offered here.")


urlpatterns = [
    # Pages with "Continue with GitHub/Google" buttons (the login page is ours,
    # accounts.views.LoginView).
    path("signup/", with_provider_forms(account_views.signup), name="account_signup"),
    path("3rdparty/", with_provider_forms(social_views.connections), name="socialaccount_connections"),
    # A new social account's one form counts as a signup (20 a minute per address).
    path("3rdparty/signup/", rate_limit(action="signup")(social_views.signup), name="socialaccount_signup"),
    path("github/login/", provider_view("github", github_views.oauth2_login), name="github_login"),
    path(
        "github/login/callback/",
        provider_view("github", github_views.oauth2_callback, callback=True),
        name="github_callback",
    ),
    path("google/login/", provider_view("google", google_views.oauth2_login), name="google_login"),
    path(
        "google/login/callback/",
        provider_view("google", google_views.oauth2_callback, callback=True),
        name="google_callback",
    ),
    # Google One Tap posts an ID token here; we don't offer it.
    path("google/login/token/", not_offered, name="google_login_by_token"),
]
