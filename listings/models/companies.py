"""Companies, the employers who work for them, and invitations to join one."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from listings.logos import logo_upload_to


class CompanyQuerySet(models.QuerySet):
    def for_member(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)


class Company(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    website = models.URLField(blank=True)
    # Always our own small PNG (listings.logos), under a random name.
    logo = models.ImageField(upload_to=logo_upload_to, blank=True)
    about = models.TextField(blank=True, help_text="Markdown. Who you are and how you work.")
    is_verified = models.BooleanField(
        "verified", default=False, help_text="Staff checked this company is who it says it is."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CompanyQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "companies"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("listings:company_detail", kwargs={"slug": self.slug})


class Membership(models.Model):
    """An employer account working for a company; an employer has one company."""

    class Role(models.TextChoices):
        ADMIN = "admin", "Admin"
        RECRUITER = "recruiter", "Recruiter"

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="memberships")
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    role = models.CharField(max_length=16, choices=Role, default=Role.RECRUITER)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.user} at {self.company}"


class CompanyInvitation(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                "company",
                models.functions.Lower("email"),
                condition=Q(accepted_at__isnull=True),
                name="one_open_invitation_per_company_email",
            )
        ]

    def __str__(self):
        return f"{self.email} → {self.company}"
