import uuid

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site

from listings.services import company_invitations_accept

from .services import email_outbox_add


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

    def save_user(self, request, user, form, commit=True):
        user.role = form.cleaned_data.get("role") or user.Role.SEEKER
        return super().save_user(request, user, form, commit=commit)
