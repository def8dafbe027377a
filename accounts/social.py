"""Sign in with GitHub or Google: our rules on top of allauth's social accounts.

allauth does the OAuth protocol (state, PKCE, the code exchange, the user
endpoints). This module decides:

- which providers exist: those whose keys are in the settings, nothing else;
- that a new account always goes through the signup form (seeker or employer);
- that an existing account is signed in, and the provider connected to it, only
  through an address the provider verified *and* the account confirmed here, and
  never a staff account; any other account with that address is a page that says
  what to do, not a silent merge;
- that every failure (cancelled consent, a stale or forged state, the provider
  failing or unreachable) ends on a page that says what happened and what to do.
"""

import logging
import re
from contextlib import suppress
from functools import wraps
from urllib.parse import urlsplit

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.account.models import EmailAddress
from allauth.core import ratelimit
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialAccount, SocialToken
from allauth.socialaccount.providers import registry
from allauth.socialaccount.providers.base import AuthError, AuthProcess
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.csp import csp_override

from .models import User

logger = logging.getLogger(__name__)

GITHUB = "github"
# GitHub's stand-in addresses receive no mail: never an account's address here.
NOREPLY_SUFFIXES = ("@users.noreply.github.com",)
# An error code a provider puts in the callback URL, shown to help support; its
# free-text description is not shown (anyone can craft that link).
ERROR_CODE = re.compile(r"[a-z0-9_.-]{1,40}")


def configured_provider_ids():
    """The providers whose keys are configured, in settings order."""
    return [
        provider_id
        for provider_id, conf in settings.SOCIALACCOUNT_PROVIDERS.items()
        if conf.get("APPS") or conf.get("APP")
    ]


def provider_is_configured(provider_id):
    return provider_id in configured_provider_ids()


def github_is_configured():
    return provider_is_configured(GITHUB)


def provider_form_origins():
    """The origins of the configured providers' authorisation pages.

    A "Continue with GitHub" button POSTs here and is redirected there. Chromium
    applies the page's CSP form-action to every redirect after a form submission,
    so pages with such buttons must allow these origins (and only these).
    """
    origins = []
    for provider_id in configured_provider_ids():
        provider_class = registry.get_class(provider_id)
        adapter_class = getattr(provider_class, "oauth2_adapter_class", None)
        url = getattr(adapter_class, "authorize_url", "")
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.netloc:
            origin = f"{parts.scheme}://{parts.netloc}"
            if origin not in origins:
                origins.append(origin)
    return origins


def with_provider_forms(view):
    """The view's pages may hold provider buttons: CSP form-action also allows the
    configured providers' authorisation origins (every other page keeps 'self')."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        origins = provider_form_origins()
        if not origins:
            return view(request, *args, **kwargs)
        config = dict(settings.SECURE_CSP)
        config["form-action"] = [*config.get("form-action", []), *origins]
        return csp_override(config)(view)(request, *args, **kwargs)

    return wrapped


def provider_view(provider_id, view, *, callback=False):
    """allauth's login or callback view of one provider, guarded.

    - 404 unless the provider is configured (allauth would raise: a 500);
    - the callback is a login attempt: it counts in the "login" rate limit (30 a
      minute per address, shared with the password login) and answers 429 past it;
    - anything the provider sends that allauth doesn't expect (a malformed user
      document, a bad ID token) is the provider-error page, never a 500;
    - the pages may hold provider buttons (CSP form-action).
    """

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not provider_is_configured(provider_id):
            raise Http404("This sign-in method is not offered here.")
        if callback:
            limited = ratelimit.consume_or_429(request, action="login", limit_get=True)
            if limited:
                return limited
        try:
            return view(request, *args, **kwargs)
        except DatabaseError:
            raise  # jobportal.middleware answers these (retry, or 503).
        except Exception:
            logger.exception("Sign-in with %s failed unexpectedly", provider_id)
            provider = SocialAccountAdapter(request).get_provider(request, provider_id)
            return social_error_response(request, provider, "provider")

    return with_provider_forms(guarded)


def social_error_response(request, provider, reason, *, code=""):
    """The page for a failed sign-in with `provider`: what happened, what to do.

    reason: "cancelled" (the person said no at the provider), "state" (the link
    back from the provider is stale, forged or from another browser) or
    "provider" (the provider refused, failed or could not be reached).
    """
    template, status = {
        "cancelled": ("socialaccount/login_cancelled.html", 200),
        "state": ("socialaccount/authentication_error.html", 400),
        "provider": ("socialaccount/authentication_error.html", 401),
    }[reason]
    context = {"provider": provider, "reason": reason, "error_code": code}
    return render(request, template, context, status=status)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    error_messages = {
        **DefaultSocialAccountAdapter.error_messages,
        "email_taken": (
            "An account with this email address already exists. Log in to it with your "
            "password, then connect %s under Account → Connected accounts."
        ),
        "no_password": (
            "This is the only way you sign in: set a password first (Account → Password), "
            "then you can disconnect it."
        ),
        "no_verified_email": (
            "Confirm your email address first (Account → Email addresses), so that you can "
            "always reset your password; then you can disconnect it."
        ),
        "connected_other": "This account is already connected to another account on this site.",
    }

    # --- Which providers -----------------------------------------------------------

    def list_apps(self, request, provider=None, client_id=None):
        # The settings' apps only: a SocialApp row (e.g. added in the admin) would offer
        # a provider nobody configured here, or give one provider two apps (a 500).
        apps = super().list_apps(request, provider=provider, client_id=client_id)
        return [app for app in apps if app.pk is None]

    # --- New accounts ----------------------------------------------------------------

    def is_auto_signup_allowed(self, request, sociallogin):
        # Always the signup form: a new account chooses seeker or employer before it
        # exists, so there is no account without a role to browse with.
        return False

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        name = data.get("name") or " ".join(
            part for part in (data.get("first_name"), data.get("last_name")) if part
        )
        user.full_name = (name or "").strip()[: User._meta.get_field("full_name").max_length]
        return user

    def get_signup_form_initial_data(self, sociallogin):
        initial = super().get_signup_form_initial_data(sociallogin)
        addresses = signup_addresses(sociallogin)
        if addresses:
            initial["email"] = addresses[0]
        return initial

    def save_user(self, request, sociallogin, form=None):
        # The new account gets the one address chosen on the form (verified, as the
        # provider said), not every address the provider knows of.
        chosen = (form.cleaned_data.get("email") or "").lower() if form else ""
        sociallogin.email_addresses = [
            address for address in sociallogin.email_addresses if address.email.lower() == chosen
        ]
        return super().save_user(request, sociallogin, form=form)

    # --- Existing accounts -------------------------------------------------------------

    def authenticate_by_email(self, sociallogin):
        """The account to sign in by email: one whose address the provider verified and
        that was confirmed here too. A staff account is never signed in this way (a
        provider account is not enough for the admin); its owner connects the provider
        while logged in."""
        for address in sociallogin.email_addresses:
            if not address.verified or not self.can_authenticate_by_email(sociallogin, address.email):
                continue
            local = (
                EmailAddress.objects.filter(email__iexact=address.email, verified=True)
                .select_related("user")
                .first()
            )
            if local and not (local.user.is_staff or local.user.is_superuser):
                return local.user, address.email
        return None

    def pre_social_login(self, request, sociallogin):
        self._keep_only_needed_tokens(sociallogin)
        if sociallogin.is_existing or sociallogin.state.get("process") == AuthProcess.CONNECT:
            return
        # A new account would be made, yet an address the provider verified is already
        # an account here that we won't sign in to by email (not confirmed here, or
        # staff). Never merge silently: say so, and how to connect it.
        for address in sociallogin.email_addresses:
            if not address.verified:
                continue
            taken = (
                EmailAddress.objects.filter(email__iexact=address.email).exists()
                or User.objects.filter(email__iexact=address.email).exists()
            )
            if taken:
                raise ImmediateHttpResponse(
                    render(
                        request,
                        "socialaccount/email_in_use.html",
                        {"provider": sociallogin.provider, "email": address.email},
                        status=409,
                    )
                )

    def _keep_only_needed_tokens(self, sociallogin):
        """Only GitHub's token has a use here (the profile import); no other is kept."""
        if sociallogin.account.provider == GITHUB:
            return
        sociallogin.token = None
        if sociallogin.account.pk:
            SocialToken.objects.filter(account=sociallogin.account).delete()

    # --- Failures ----------------------------------------------------------------------

    def on_authentication_error(self, request, provider, error=None, exception=None, extra_context=None):
        extra_context = extra_context or {}
        code = ""
        if error == AuthError.CANCELLED:
            reason = "cancelled"
        elif "callback_view" in extra_context and extra_context.get("state") is None:
            # The state in the link back matches none this browser started.
            reason = "state"
        else:
            reason = "provider"
            code = request.GET.get("error", "")
            code = code if ERROR_CODE.fullmatch(code) else ""
        logger.warning(
            "Sign-in with %s failed: %s %s %r", provider.id, reason, code or error or "", exception
        )
        raise ImmediateHttpResponse(social_error_response(request, provider, reason, code=code))

    # --- Connect and disconnect --------------------------------------------------------

    def send_notification_mail(self, template_prefix, user, context=None, email=None):
        """A sign-in method connected or disconnected: the owner is always told, in case
        it wasn't them (the other account emails follow ACCOUNT_EMAIL_NOTIFICATIONS)."""
        email = email or EmailAddress.objects.get_primary_email(user) or user.email
        if not email:
            return
        account_adapter = get_account_adapter(self.request)
        ctx = {"timestamp": timezone.now(), "ip": "", "user_agent": ""}
        if self.request is not None:
            with suppress(PermissionDenied):  # no address at all: the email says so
                ctx["ip"] = account_adapter.get_client_ip(self.request)
            ctx["user_agent"] = self.request.META.get("HTTP_USER_AGENT", "")[:200]
        ctx.update(context or {})
        account_adapter.send_mail(template_prefix, email, ctx)


def signup_addresses(sociallogin):
    """The addresses a new account may take: those the provider verified, primary
    first, without GitHub's no-reply stand-ins."""
    addresses = [
        address
        for address in sociallogin.email_addresses
        if address.verified and not address.email.lower().endswith(NOREPLY_SUFFIXES)
    ]
    addresses.sort(key=lambda address: not address.primary)
    seen = []
    for address in addresses:
        if address.email.lower() not in seen:
            seen.append(address.email.lower())
    return seen


def github_account(user):
    """The user's connected GitHub account, or None."""
    return SocialAccount.objects.filter(user=user, provider=GITHUB).first()
