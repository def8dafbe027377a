import io
import re
from urllib.parse import urlencode

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from listings.models import Company, CompanyInvitation, Membership
from tests.factories import CompanyFactory, UserFactory, employer_of

pytestmark = pytest.mark.django_db

STRONG_PASSWORD = "blue-Pelican-42-harbour"


def image_upload(name="logo.png", size=(64, 64), image_format="PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, format=image_format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{image_format.lower()}")


def company_data(**overrides):
    return {
        "name": "Snake Oil Analytics",
        "website": "https://snake.example.com",
        "about": "We **ship**.",
        **overrides,
    }


# --- Who may see the employer pages ----------------------------------------


def test_anonymous_visitor_is_sent_to_login_and_back(client):
    response = client.get(reverse("employer:company_edit"))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=/employer/company/"


def test_seeker_gets_a_403_page_explaining_it_is_for_employers(client):
    client.force_login(UserFactory(seeker=True))

    response = client.get(reverse("employer:company_create"))

    assert response.status_code == 403
    assert b"These pages are for employers" in response.content
    assert b"job seeker account" in response.content


def test_employer_with_unverified_email_is_asked_to_verify(client):
    client.force_login(UserFactory(employer=True, verified=False))

    response = client.get(reverse("employer:dashboard"))

    assert response.status_code == 403
    assert b"Verify your email address first" in response.content
    assert reverse("account_email").encode() in response.content


@pytest.mark.parametrize("name", ["dashboard", "job_create", "company_edit", "company_members"])
def test_employer_without_company_is_sent_to_create_it_first(employer_client, name):
    response = employer_client.get(reverse(f"employer:{name}"), follow=True)

    expected = f"{reverse('employer:company_create')}?{urlencode({'next': reverse(f'employer:{name}')})}"
    assert response.redirect_chain == [(expected, 302)]
    assert b"create your company" in response.content


# --- Create and edit ---------------------------------------------------------


def test_employer_creates_company_and_becomes_its_admin(employer_client, employer):
    response = employer_client.post(reverse("employer:company_create"), company_data())

    company = Company.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("employer:job_create")
    assert company.name == "Snake Oil Analytics"
    assert company.slug == "snake-oil-analytics"
    assert company.website == "https://snake.example.com"
    assert Membership.objects.get(user=employer).role == Membership.Role.ADMIN


def test_after_creating_the_company_the_employer_lands_where_they_were_going(employer_client):
    url = f"{reverse('employer:company_create')}?next={reverse('employer:dashboard')}"

    response = employer_client.post(url, company_data())

    assert response["Location"] == reverse("employer:dashboard")


def test_next_pointing_to_another_site_is_ignored(employer_client):
    url = f"{reverse('employer:company_create')}?next=https://evil.example.com/"

    response = employer_client.post(url, company_data())

    assert response["Location"] == reverse("employer:job_create")


def test_member_visiting_company_create_goes_to_edit(member_client):
    response = member_client.get(reverse("employer:company_create"))

    assert response["Location"] == reverse("employer:company_edit")


def test_company_needs_a_name(employer_client):
    response = employer_client.post(reverse("employer:company_create"), company_data(name=""))

    assert response.status_code == 200
    assert b"This field is required." in response.content
    assert b'aria-invalid="true"' in response.content
    assert not Company.objects.exists()


def test_company_logo_upload_is_saved(employer_client):
    response = employer_client.post(reverse("employer:company_create"), company_data(logo=image_upload()))

    assert response.status_code == 302
    assert Company.objects.get().logo.name.endswith(".png")


def test_logo_larger_than_2_mb_is_refused_with_a_clear_error(employer_client):
    big = SimpleUploadedFile("logo.png", b"\x89PNG" + b"0" * (2 * 1024 * 1024 + 1), content_type="image/png")

    response = employer_client.post(reverse("employer:company_create"), company_data(logo=big))

    assert response.status_code == 200
    assert "Upload an image of at most 2 MB." in response.content.decode()
    assert not Company.objects.exists()


def test_logo_that_is_not_an_image_is_refused(employer_client):
    fake = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", content_type="image/png")

    response = employer_client.post(reverse("employer:company_create"), company_data(logo=fake))

    assert response.status_code == 200
    assert b"Upload a valid image" in response.content
    assert not Company.objects.exists()


def test_logo_in_an_unusual_image_format_is_refused(employer_client):
    response = employer_client.post(
        reverse("employer:company_create"), company_data(logo=image_upload("logo.bmp", image_format="BMP"))
    )

    assert response.status_code == 200
    assert b"PNG, JPEG, WebP or GIF" in response.content


def test_member_edits_company_profile(member_client, member):
    response = member_client.post(
        reverse("employer:company_edit"),
        company_data(name="Acme Data", about="Now with **data**.", logo=image_upload()),
    )

    company = member.membership.company
    company.refresh_from_db()
    assert response["Location"] == reverse("employer:company_edit")
    assert company.name == "Acme Data"
    assert company.about == "Now with **data**."
    assert company.logo
    page = member_client.get(reverse("employer:company_edit"))
    assert b"Your company profile was saved." in page.content
    assert company.logo.url.encode() in page.content


def test_editing_without_a_new_logo_keeps_it_and_clear_removes_it(member_client):
    member_client.post(reverse("employer:company_edit"), company_data(logo=image_upload()))
    company = Company.objects.get()
    logo_name = company.logo.name

    member_client.post(reverse("employer:company_edit"), company_data(name="Renamed"))
    company.refresh_from_db()
    assert company.logo.name == logo_name
    assert company.name == "Renamed"

    member_client.post(reverse("employer:company_edit"), company_data(**{"logo-clear": "on"}))
    company.refresh_from_db()
    assert not company.logo


def test_website_must_be_a_url(member_client):
    response = member_client.post(reverse("employer:company_edit"), company_data(website="not a url"))

    assert response.status_code == 200
    assert b"Enter a valid URL." in response.content


# --- Members and invitations -------------------------------------------------


def test_members_page_lists_members_and_pending_invitations(member_client, member):
    company = member.membership.company
    colleague = employer_of(company, role="recruiter", user__full_name="Grace Hopper")
    CompanyInvitation.objects.create(company=company, email="new@example.com", invited_by=member)
    CompanyInvitation.objects.create(company=CompanyFactory(), email="other@example.com")

    response = member_client.get(reverse("employer:company_members"))

    content = response.content.decode()
    assert member.email in content or member.full_name in content
    assert colleague.email in content
    assert "Recruiter" in content
    assert "new@example.com" in content
    assert "other@example.com" not in content
    assert "Send invitation" in content


def test_admin_invites_a_colleague_by_email(member_client, member, on_commit):
    with on_commit():
        response = member_client.post(reverse("employer:company_members"), {"email": "Colleague@Example.com"})

    assert response["Location"] == reverse("employer:company_members")
    invitation = CompanyInvitation.objects.get()
    assert invitation.email == "colleague@example.com"
    assert invitation.invited_by == member
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["colleague@example.com"]
    assert "Acme Backend" in mail.outbox[0].subject
    assert "http://testserver/accounts/signup/?email=colleague@example.com" in mail.outbox[0].body
    page = member_client.get(reverse("employer:company_members"))
    assert b"Invitation sent to colleague@example.com." in page.content
    assert b"colleague@example.com" in page.content


def test_inviting_the_same_address_twice_says_it_is_pending(member_client, on_commit):
    with on_commit():
        member_client.post(reverse("employer:company_members"), {"email": "colleague@example.com"})
        response = member_client.post(reverse("employer:company_members"), {"email": "COLLEAGUE@example.com"})

    assert response.status_code == 200
    assert b"already invited" in response.content
    assert CompanyInvitation.objects.count() == 1
    assert len(mail.outbox) == 1


def test_inviting_an_existing_member_is_refused(member_client, member):
    colleague = employer_of(member.membership.company, role="recruiter")

    response = member_client.post(reverse("employer:company_members"), {"email": colleague.email})

    assert response.status_code == 200
    assert b"already a member" in response.content
    assert not CompanyInvitation.objects.exists()


def test_invitation_needs_a_valid_email(member_client):
    response = member_client.post(reverse("employer:company_members"), {"email": "not-an-email"})

    assert response.status_code == 200
    assert b"Enter a valid email address." in response.content


def test_recruiter_cannot_invite(client):
    recruiter = employer_of(CompanyFactory(), role="recruiter")
    client.force_login(recruiter)

    page = client.get(reverse("employer:company_members"))
    response = client.post(reverse("employer:company_members"), {"email": "colleague@example.com"})

    assert b"Send invitation" not in page.content
    assert b"Only the company's admins can invite" in page.content
    assert response.status_code == 403
    assert not CompanyInvitation.objects.exists()


def test_invited_colleague_signs_up_as_employer_and_joins_after_verifying(member_client, member, on_commit):
    company = member.membership.company
    with on_commit():
        member_client.post(reverse("employer:company_members"), {"email": "colleague@example.com"})
    member_client.logout()
    signup_path = re.search(r"https?://testserver(/\S+)", mail.outbox[0].body).group(1)

    with on_commit():
        member_client.post(
            signup_path,
            {
                "email": "colleague@example.com",
                "full_name": "Col League",
                "role": "employer",
                "password1": STRONG_PASSWORD,
                "password2": STRONG_PASSWORD,
            },
        )
    assert not Membership.objects.filter(user__email="colleague@example.com").exists()
    confirm_path = re.search(r"https?://testserver(/\S+)", mail.outbox[-1].body).group(1)
    member_client.post(confirm_path)

    colleague = Membership.objects.get(user__email="colleague@example.com")
    assert colleague.company == company
    assert colleague.role == Membership.Role.RECRUITER
    assert CompanyInvitation.objects.get().accepted_at is not None
    dashboard = member_client.get(reverse("employer:dashboard"))
    assert dashboard.status_code == 200
    assert b"Jobs at Acme Backend" in dashboard.content


def test_logged_in_employer_with_pending_invitation_can_join_from_company_page(employer_client, employer):
    company = CompanyFactory(name="Inviting Co")
    CompanyInvitation.objects.create(company=company, email=employer.email)

    page = employer_client.get(reverse("employer:company_create"))
    response = employer_client.post(reverse("employer:company_join"))

    assert b"Join Inviting Co" in page.content
    assert response["Location"] == reverse("employer:dashboard")
    assert Membership.objects.get(user=employer).company == company


def test_joining_without_invitation_says_so(employer_client, employer):
    response = employer_client.post(reverse("employer:company_join"), follow=True)

    assert b"no pending invitation" in response.content
    assert not Membership.objects.filter(user=employer).exists()


def test_invitation_to_an_unverified_address_is_not_offered(employer_client, employer):
    EmailAddress.objects.create(user=employer, email="second@example.com", verified=False)
    CompanyInvitation.objects.create(company=CompanyFactory(name="Inviting Co"), email="second@example.com")

    page = employer_client.get(reverse("employer:company_create"))

    assert b"Join Inviting Co" not in page.content
