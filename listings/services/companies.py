"""Companies: creating and editing one, inviting colleagues, joining by invitation."""

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from accounts.services import email_outbox_add_from_templates
from jobportal.links import absolute_url
from listings.models import Company, CompanyInvitation, Membership
from listings.page_cache import public_pages_changed


class CompanyInvitationError(Exception):
    """The invitation can't be sent; the message says why, for the user."""


def _unique_company_slug(name):
    base = slugify(name)[:120] or "company"
    slug, n = base, 1
    while Company.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _require_company_admin(company, user):
    if not Membership.objects.filter(company=company, user=user, role=Membership.Role.ADMIN).exists():
        raise PermissionDenied("Only the company's admins can do this.")


@transaction.atomic
def company_create(*, by, name, website="", about="", logo=None):
    """An employer creates their company and becomes its admin."""
    if not by.is_employer:
        raise PermissionDenied("Only employer accounts can create a company.")
    if Membership.objects.filter(user=by).exists():
        raise PermissionDenied("You already belong to a company.")
    company = Company.objects.create(
        name=name, slug=_unique_company_slug(name), website=website, about=about, logo=logo or ""
    )
    Membership.objects.create(company=company, user=by, role=Membership.Role.ADMIN)
    return company


@transaction.atomic
def company_update(*, company, by, name, website, about, logo=None):
    if not Membership.objects.filter(company=company, user=by).exists():
        raise PermissionDenied("Only the company's members can edit it.")
    company.name, company.website, company.about = name, website, about
    if logo is not None:
        company.logo = logo
    company.save()
    public_pages_changed()
    return company


@transaction.atomic
def company_invite(*, company, by, email, request=None):
    """Invite a colleague by email; they join when they sign up (or log in) with it."""
    _require_company_admin(company, by)
    email = email.strip().lower()
    if Membership.objects.filter(company=company, user__email__iexact=email).exists():
        raise CompanyInvitationError(f"{email} is already a member of {company}.")
    invitation, created = CompanyInvitation.objects.get_or_create(
        company=company, email=email, accepted_at=None, defaults={"invited_by": by}
    )
    if created:
        signup_url = reverse("account_signup") + f"?email={email}"
        email_outbox_add_from_templates(
            key=f"company-invitation:{invitation.pk}",
            to=email,
            template_prefix="listings/email/company_invitation",
            context={
                "company": company,
                "invited_by": by,
                "signup_url": absolute_url(signup_url, request) if request else signup_url,
            },
        )
    return invitation


@transaction.atomic
def company_invitations_accept(*, user):
    """Join the company that invited one of the user's verified addresses.

    Called when an employer verifies an email or logs in. Returns the membership
    or None. An employer who already has a company keeps it.
    """
    if not user.is_employer or Membership.objects.filter(user=user).exists():
        return None
    verified = EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    invitation = (
        CompanyInvitation.objects.filter(accepted_at__isnull=True, email__in=[e.lower() for e in verified])
        .select_related("company")
        .order_by("created_at")
        .first()
    )
    if invitation is None:
        return None
    updated = CompanyInvitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        accepted_at=timezone.now()
    )
    if not updated:
        return None
    return Membership.objects.create(company=invitation.company, user=user, role=Membership.Role.RECRUITER)
