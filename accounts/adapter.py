import logging
import uuid

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core.internal import ratelimit
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.urls import reverse

from listings.models import Membership
from listings.services.companies import company_invitations_accept

from .models import SeekerProfile
from .services import email_outbox_add

logger = logging.getLogger(__name__)


def onboarding_url(user):
    """The first step a new account has not taken: a seeker's profile, an employer's
    company; "" once it is done."""
    if not user.is_authenticated:
        return ""
    if user.is_seeker and not SeekerProfile.objects.filter(user=user).exists():
        return reverse("accounts:profile")
    if user.is_employer and not Membership.objects.filter(user=user).exists():
        return reverse("employer:company_create")
    return ""


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": (
            "Too many failed login attempts. Wait a few minutes and try again, "
            "or reset your password if you forgot it."
        ),
    }

    def send_mail(self, template_prefix, email, context):
        """Record allauth's emails in the outbox instead of sending them inline.

        Each call is one event (a signup, a reset request...), so the key is
        unique per call; the outbox guarantees the row is sent at most once.
        """
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        message = self.render_mail(template_prefix, email, ctx)
        html = next(
            (
                content
                for content, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            "",
        )
        email_outbox_add(
            key=f"allauth:{template_prefix.rsplit('/', 1)[-1]}:{uuid.uuid4().hex}",
            to=email,
            subject=message.subject,
            body_text=message.body,
            body_html=html,
        )

    def confirm_email(self, request, email_address):
        confirmed = super().confirm_email(request, email_address)
        if confirmed:
            # An invited colleague joins the company once the invited address is theirs.
            company_invitations_accept(user=email_address.user)
        return confirmed

    def login(self, request, user):
        super().login(request, user)
        company_invitations_accept(user=user)

    def get_signup_redirect_url(self, request):
        """A seeker who just signed up with GitHub goes on to start their profile from it;
        anyone else to their first step (onboarding_url)."""
        from .social import github_account, github_is_configured

        user = request.user
        if user.is_authenticated and user.is_seeker and github_is_configured() and github_account(user):
            return reverse("accounts:profile_github")
        return onboarding_url(user) or super().get_signup_redirect_url(request)

    def get_login_redirect_url(self, request):
        """Without a `next`: the first step of an account that hasn't taken it (the email
        link opened in another browser ends on a login, not on a signup), else home."""
        return onboarding_url(request.user) or super().get_login_redirect_url(request)

    def post_login(self, request, user, *, redirect_url=None, **kwargs):
        # "Save" pressed before logging in: saved now, while the login is being sent.
        from applications.intents import login_intent_finish

        redirect_url = login_intent_finish(request, user, redirect_url)
        return super().post_login(request, user, redirect_url=redirect_url, **kwargs)

    def save_user(self, request, user, form, commit=True):
        user.role = form.cleaned_data.get("role") or user.Role.SEEKER
        if form.cleaned_data.get("full_name"):
            user.full_name = form.cleaned_data["full_name"]
        return super().save_user(request, user, form, commit=commit)

    def _get_login_attempts_cache_key(self, request, **credentials):
        """Count failed logins per (client address, account), not per account.

        allauth keys the "5 failures in 5 minutes" limit (ACCOUNT_RATE_LIMITS
        login_failed, per key) by the account alone, so anyone who knows an address
        could lock its owner out by failing five times. With the client's address in
        the key, a stranger only locks out themselves; the per-address limit (also
        in login_failed) still caps how many accounts one address may try. The
        address is allauth's, IPv6 cut to its /64 like its own per-address limit.
        """
        return f"{super()._get_login_attempts_cache_key(request, **credentials)}:{ratelimit.get_ip(request)}"

    def get_client_ip(self, request):
        """The client's address, as set up by ALLAUTH_TRUSTED_PROXY_COUNT or _CLIENT_IP_HEADER.

        A request that did not come through every trusted proxy (a shorter
        X-Forwarded-For, no client IP header) makes allauth raise, a 500 on the
        login page; such a request is counted by the address it came from.
        """
        try:
            return super().get_client_ip(request)
        except (ImproperlyConfigured, PermissionDenied):
            remote_addr = request.META.get("REMOTE_ADDR")
            if not remote_addr:
                raise PermissionDenied("Unable to determine client IP address") from None
            logger.warning("Request from %s did not come through the trusted proxies", remote_addr)
            return remote_addr
