"""Jobs: their fields and states (the queries pages make of them: models.job_queries;
their skills, applicant locations and page views: models.job_parts; their history:
models.moderation.JobEvent)."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django_countries.fields import CountryField

from listings.currency import CURRENCY_CHOICES, yearly_usd
from listings.markdown import markdown_derivatives, render_markdown
from listings.regions import country_name

from .companies import Company
from .job_queries import JobQuerySet
from .skills import Skill

# A job approved without a closing date closes this long after its approval.
DEFAULT_JOB_LIFETIME = timedelta(days=60)
# The states in which a job has (had) a closing date: published once, it always has one.
STATES_WITH_CLOSING_DATE = ("published", "closed", "expired")
# Every field an employer sets on a job, in the order of the job form (JobForm.Meta.fields);
# the rest is state the services keep.
EDITABLE_FIELDS = (
    "title",
    "level",
    "open_to_juniors",
    "employment_type",
    "description",
    "work_mode",
    "city",
    "country",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_period",
    "visa_sponsorship",
    "relocation_help",
    "is_agency",
    "closing_date",
    "apply_method",
    "apply_url",
)


def end_of_day(day):
    """The last moment of `day` in the site's time zone: a job closes when its closing date ends."""
    return timezone.make_aware(datetime.combine(day, time.max))


class Job(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PENDING = "pending", "Pending review"
        PUBLISHED = "published", "Published"
        REJECTED = "rejected", "Rejected"
        CLOSED = "closed", "Closed"
        EXPIRED = "expired", "Expired"

    class CloseReason(models.TextChoices):
        FILLED = "filled", "Filled"
        NO_LONGER_HIRING = "no_longer_hiring", "No longer hiring"

    class Level(models.TextChoices):
        ENTRY = "entry", "Entry level"
        MID = "mid", "Mid level"
        SENIOR = "senior", "Senior"
        LEAD = "lead", "Lead / Staff"

    class WorkMode(models.TextChoices):
        REMOTE = "remote", "Remote"
        HYBRID = "hybrid", "Hybrid"
        ONSITE = "onsite", "On-site"

    class EmploymentType(models.TextChoices):
        FULL_TIME = "full_time", "Full-time"
        PART_TIME = "part_time", "Part-time"
        CONTRACT = "contract", "Contract"
        TEMPORARY = "temporary", "Temporary"
        INTERNSHIP = "internship", "Internship"

    class SalaryPeriod(models.TextChoices):
        YEAR = "year", "per year"
        MONTH = "month", "per month"
        DAY = "day", "per day"
        HOUR = "hour", "per hour"

    class ApplyMethod(models.TextChoices):
        ON_SITE = "onsite", "On this site"
        EXTERNAL = "external", "On our own website"

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="jobs")
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, editable=False)
    description = models.TextField(help_text="Markdown.")
    # Derived from the description by the services (Job.derive_description): the
    # sanitised HTML and the plain text that pages, feeds and JSON-LD show.
    description_html = models.TextField(editable=False, blank=True, default="")
    description_text = models.TextField(editable=False, blank=True, default="")
    skills = models.ManyToManyField(Skill, through="JobSkill", related_name="jobs")
    level = models.CharField(max_length=16, choices=Level)
    open_to_juniors = models.BooleanField(
        "open to juniors", default=False, help_text="Candidates still building foundational skills may apply."
    )
    work_mode = models.CharField(max_length=16, choices=WorkMode)
    city = models.CharField(max_length=100, blank=True)
    country = CountryField(blank=True)
    employment_type = models.CharField(
        max_length=16, choices=EmploymentType, default=EmploymentType.FULL_TIME
    )
    salary_min = models.PositiveIntegerField()
    salary_max = models.PositiveIntegerField()
    salary_currency = models.CharField(max_length=3, choices=CURRENCY_CHOICES, default="USD")
    salary_period = models.CharField(max_length=8, choices=SalaryPeriod, default=SalaryPeriod.YEAR)
    # Approximate yearly USD equivalents, kept by the services for filters and sorting.
    salary_min_usd = models.PositiveIntegerField(editable=False, default=0)
    salary_max_usd = models.PositiveIntegerField(editable=False, default=0, db_index=True)
    visa_sponsorship = models.BooleanField(default=False)
    relocation_help = models.BooleanField("relocation help", default=False)
    is_agency = models.BooleanField(
        "posted by an agency", default=False, help_text="A recruitment agency hiring for a client."
    )
    # When the job closes: the end of this day (site time zone). The one source of truth
    # for pages, feeds, JSON-LD, the sitemap and the expiry task. The employer may leave
    # it empty on a draft; approval sets it then (DEFAULT_JOB_LIFETIME), so a published,
    # closed or expired job always has one (see the constraint).
    closing_date = models.DateField(null=True, blank=True)
    apply_method = models.CharField(max_length=16, choices=ApplyMethod, default=ApplyMethod.ON_SITE)
    apply_url = models.URLField("application URL", blank=True)

    status = models.CharField(max_length=16, choices=Status, default=Status.DRAFT, db_index=True)
    close_reason = models.CharField(max_length=20, choices=CloseReason, blank=True)
    rejection_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    view_count = models.PositiveIntegerField(default=0, editable=False)
    screened_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The closing date the employer was last reminded about (one reminder per date).
    reminder_sent_for = models.DateField(null=True, blank=True, editable=False)
    # The closing date whose one-click links (in that reminder) were used: they work once.
    reminder_links_used_for = models.DateField(null=True, blank=True, editable=False)

    # Search: skill names and aliases as text, and (on PostgreSQL) the weighted
    # tsvector of title (A), skills (B) and description (C), kept by the services.
    skills_text = models.TextField(blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(salary_min__lte=models.F("salary_max")), name="job_salary_min_lte_max"
            ),
            models.CheckConstraint(condition=Q(salary_min__gt=0), name="job_salary_positive"),
            models.CheckConstraint(
                condition=~Q(apply_method="external") | ~Q(apply_url=""), name="job_external_apply_has_url"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=STATES_WITH_CLOSING_DATE) | Q(closing_date__isnull=False),
                name="job_published_has_closing_date",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="job_status_published"),
            # Work mode and level, the filters people tick most, newest first: a search
            # with them reads its first 1,001 matches in order without a bitmap (keywords
            # + 3 filters at 100,000 jobs: 26-45 ms -> 8 ms), and it narrows a GIN bitmap.
            models.Index(
                fields=["work_mode", "level", "-published_at"],
                condition=Q(status="published"),
                name="job_published_mode_level_date",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.slug = slugify(self.title)[:140] or "job"
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("listings:job_detail", kwargs={"pk": self.pk, "slug": self.slug})

    def derive_description(self):
        """Set description_html and description_text from the Markdown description."""
        self.description_html, self.description_text = markdown_derivatives(self.description)

    @property
    def rendered_description(self):
        """The description as safe HTML (stored; rendered now for a row that predates it)."""
        if self.description_html or not self.description:
            return mark_safe(self.description_html)  # noqa: S308 - sanitised when stored
        return render_markdown(self.description)

    @property
    def plain_description(self):
        return self.description_text or markdown_derivatives(self.description)[1]

    def closing_date_on_approval(self, today=None):
        """The closing date approving the job gives it: the employer's, unless it has
        passed (or there is none); then DEFAULT_JOB_LIFETIME from the approval. A job
        approved again after a material edit so keeps the date it was live with."""
        today = today or timezone.localdate()
        if self.closing_date and self.closing_date >= today:
            return self.closing_date
        return today + DEFAULT_JOB_LIFETIME

    @property
    def closing_date_is_default(self):
        """Approval will set the closing date (the employer has none that still applies)."""
        return self.closing_date is None or self.closing_date < timezone.localdate()

    @property
    def closes_at(self):
        """The moment the job closes (the end of its closing date), or None without one."""
        return end_of_day(self.closing_date) if self.closing_date else None

    @property
    def is_open(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.closing_date is not None
            and self.closing_date >= timezone.localdate()
        )

    @property
    def is_gone(self):
        """Closed or expired: the page answers 410."""
        return self.status in (self.Status.CLOSED, self.Status.EXPIRED) or (
            self.status == self.Status.PUBLISHED and not self.is_open
        )

    @property
    def is_remote(self):
        return self.work_mode == self.WorkMode.REMOTE

    @property
    def location_display(self):
        place = ", ".join(
            part for part in [self.city, country_name(self.country.code) if self.country else ""] if part
        )
        if self.is_remote:
            return "Remote" + (f" (company in {place})" if place else "")
        return f"{place} ({self.get_work_mode_display()})" if place else self.get_work_mode_display()

    def salary_usd(self):
        """(minimum, maximum) as approximate yearly US dollars: what salary_min_usd and
        salary_max_usd keep, for filters and sorting."""
        return (
            yearly_usd(self.salary_min, self.salary_currency, self.salary_period),
            yearly_usd(self.salary_max, self.salary_currency, self.salary_period),
        )

    @property
    def salary_display(self):
        if self.salary_min == self.salary_max:
            amount = f"{self.salary_min:,}"
        else:
            amount = f"{self.salary_min:,}–{self.salary_max:,}"  # noqa: RUF001 - an en dash marks a range
        return f"{amount} {self.salary_currency} {self.get_salary_period_display()}"

    @property
    def days_left(self):
        """Days from today to the closing date: 0 on the closing date itself."""
        if not self.closing_date:
            return None
        return max((self.closing_date - timezone.localdate()).days, 0)
