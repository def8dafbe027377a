import uuid

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django_countries.fields import CountryField

from .storage import private_storage


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser must have is_staff and is_superuser set.")
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email):
        # Emails are unique case-insensitively; sign in with any casing.
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    class Role(models.TextChoices):
        SEEKER = "seeker", "Job seeker"
        EMPLOYER = "employer", "Employer"

    email = models.EmailField("email address", max_length=254, unique=True)
    full_name = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=16, choices=Role, default=Role.SEEKER)
    is_staff = models.BooleanField(
        default=False, help_text="Staff can sign in to the admin and moderate jobs."
    )
    is_active = models.BooleanField(default=True, help_text="Unselect this instead of deleting the account.")
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self):
        return self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_seeker(self):
        return self.role == self.Role.SEEKER

    @property
    def is_employer(self):
        return self.role == self.Role.EMPLOYER


class EmailOutboxQuerySet(models.QuerySet):
    def pending_since_before(self, moment):
        """Pending rows whose enqueue may have been lost (broker down at commit)."""
        return self.filter(status=EmailOutbox.Status.PENDING, updated_at__lt=moment)

    def sending_since_before(self, moment):
        """Rows claimed by a worker that must have died: nobody is sending them."""
        return self.filter(status=EmailOutbox.Status.SENDING, updated_at__lt=moment)


class EmailOutbox(models.Model):
    """One email to send, written in the transaction of the event that causes it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    key = models.CharField(max_length=255, unique=True, help_text="Names the event; one email per event.")
    to = models.EmailField(max_length=254)
    subject = models.CharField(max_length=255)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=16, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = EmailOutboxQuerySet.as_manager()

    class Meta:
        verbose_name = "outgoing email"
        indexes = [models.Index(fields=["status", "updated_at"], name="outbox_status_updated")]

    def __str__(self):
        return f"{self.subject} → {self.to}"


def resume_upload_to(instance, filename):
    # A random name: never the uploader's filename (no ../, no guessing).
    return f"resumes/{uuid.uuid4().hex}.pdf"


class SeekerProfile(models.Model):
    """What a job seeker tells employers and the matching about themselves."""

    class Level(models.TextChoices):
        # The same levels jobs use (listings.Job.Level).
        ENTRY = "entry", "Entry level"
        MID = "mid", "Mid level"
        SENIOR = "senior", "Senior"
        LEAD = "lead", "Lead / Staff"

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    headline = models.CharField(
        max_length=140, blank=True, help_text="e.g. Backend developer, Django and PostgreSQL"
    )
    city = models.CharField(max_length=100, blank=True)
    country = CountryField(blank=True)
    level = models.CharField(max_length=16, choices=Level, blank=True)
    years_experience = models.PositiveSmallIntegerField("years of experience", null=True, blank=True)
    skills = models.ManyToManyField("listings.Skill", blank=True, related_name="seekers")
    desired_salary = models.PositiveIntegerField("desired yearly salary", null=True, blank=True)
    desired_currency = models.CharField(max_length=3, default="USD")
    wants_remote = models.BooleanField("remote", default=False)
    wants_hybrid = models.BooleanField("hybrid", default=False)
    wants_onsite = models.BooleanField("on-site", default=False)
    resume = models.FileField(upload_to=resume_upload_to, storage=private_storage, blank=True)
    resume_name = models.CharField(
        max_length=255, blank=True, help_text="The uploaded file's own name, shown back."
    )
    resume_uploaded_at = models.DateTimeField(null=True, blank=True)
    open_to_matching = models.BooleanField(
        "let employers find me by matching",
        default=False,
        help_text="Employers with a job that fits may see your profile (never your email) and invite you.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Profile of {self.user}"

    @property
    def desired_salary_display(self):
        if self.desired_salary is None:
            return ""
        return f"{self.desired_salary:,} {self.desired_currency} a year"

    @property
    def preferred_work_modes(self):
        return [mode for mode, wanted in [("remote", self.wants_remote), ("hybrid", self.wants_hybrid),
                                          ("onsite", self.wants_onsite)] if wanted]  # fmt: skip
