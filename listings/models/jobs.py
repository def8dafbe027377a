import re
from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection, models
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django_countries import countries
from django_countries.fields import CountryField

from listings.currency import CURRENCY_CHOICES
from listings.regions import REGIONS, location_codes_admitting
from listings.search_terms import word_variants

# A job approved without a closing date closes this long after its approval.
DEFAULT_JOB_LIFETIME = timedelta(days=60)
# The states in which a job has (had) a closing date: published once, it always has one.
STATES_WITH_CLOSING_DATE = ("published", "closed", "expired")


def end_of_day(day):
    """The last moment of `day` in the site's time zone: a job closes when its closing date ends."""
    return timezone.make_aware(datetime.combine(day, time.max))


MAX_SEARCH_LENGTH = 200
# websearch_to_tsquery syntax: "a phrase", -exclude, or.
WEBSEARCH_OPERATORS = re.compile(r'"|(^|\s)-\w|\sor\s', re.IGNORECASE)


def clean_search_text(text):
    """Printable text only, bounded: NUL bytes and control characters would make
    PostgreSQL refuse the query, and huge strings cost time for nothing."""
    text = "".join(ch if ch.isprintable() else " " for ch in str(text or "")[: MAX_SEARCH_LENGTH * 2])
    return " ".join(text.split())[:MAX_SEARCH_LENGTH]


class CompanyQuerySet(models.QuerySet):
    def for_member(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)


class Company(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    website = models.URLField(blank=True)
    logo = models.ImageField(upload_to="logos/%Y/", blank=True)
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


class Specialisation(models.TextChoices):
    """Facets of backend work; a skill belongs to at most one."""

    APIS = "apis", "APIs (REST/GraphQL)"
    DATA = "data", "Data-intensive applications"
    MICROSERVICES = "microservices", "Microservices"
    ML = "ml", "Machine-learning integration"
    CLOUD = "cloud", "Cloud / DevOps"


class Skill(models.Model):
    class Category(models.TextChoices):
        LANGUAGE = "language", "Language"
        FRAMEWORK = "framework", "Framework"
        DATABASE = "database", "Database"
        MESSAGING = "messaging", "Queues and streaming"
        API = "api", "APIs"
        INFRA = "infra", "Infrastructure and cloud"
        PRACTICE = "practice", "Practices and tools"
        DOMAIN = "domain", "Domains"

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    category = models.CharField(max_length=16, choices=Category)
    specialisation = models.CharField(max_length=16, choices=Specialisation, blank=True)
    aliases = models.JSONField(
        default=list, blank=True, help_text='Other names people search for, e.g. ["postgres", "psql"].'
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Role(models.Model):
    """A landing page for a role people search for, edited by staff."""

    name = models.CharField(max_length=100, help_text="e.g. Python Backend Developer")
    slug = models.SlugField(max_length=100, unique=True)
    intro = models.TextField(
        help_text="Markdown: the work, the skills that matter, how juniors and seniors fit."
    )
    seo_title = models.CharField(max_length=70, blank=True)
    seo_description = models.CharField(max_length=160, blank=True)
    skills = models.ManyToManyField(
        Skill, related_name="roles", help_text="Jobs with any of these skills are listed."
    )
    is_published = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("listings:role_detail", kwargs={"slug": self.slug})


class RejectionReason(models.TextChoices):
    """The common reasons moderators turn a job down (the employer is told which)."""

    NOT_PYTHON = "not_python", "Not a Python backend role"
    MISSING_SALARY = "missing_salary", "Salary missing or implausible"
    DUPLICATE = "duplicate", "Duplicate of another posting"
    FORMATTING = "formatting", "Formatting or content problems"
    AGENCY_WITHOUT_CLIENT = "agency_no_client", "Agency posting without the client described"
    OTHER = "other", "Other"


class ScreeningSignal(models.TextChoices):
    """What pre-screening noticed about a submitted job, to help a moderator decide."""

    NOT_PYTHON = "not_python", "Not about Python/backend"
    SALARY = "salary", "Salary implausible"
    LOCATION = "location", "Location missing"
    NEW_COMPANY = "new_company", "New company"
    UNVERIFIED_COMPANY = "unverified_company", "Company not verified"
    UNVERIFIED_EMAIL = "unverified_email", "Poster's email unverified"
    FREE_MAIL = "free_mail", "Free-mail domain"
    LINK_HEAVY = "link_heavy", "Link-heavy text"
    NEAR_DUPLICATE = "near_duplicate", "Near-duplicate"


class JobQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Job.Status.PUBLISHED)

    def open(self, now=None):
        """Published and its closing date not over (the periodic expiry may not have run yet)."""
        return self.published().filter(closing_date__gte=timezone.localdate(now))

    def past_closing_date(self, now=None):
        """Published jobs whose closing date is over: the expiry task's work."""
        return self.published().filter(closing_date__lt=timezone.localdate(now))

    def unscreened(self, submitted_before):
        """Pending jobs not screened since they were (last) submitted, before a moment."""
        return self.filter(status=Job.Status.PENDING, submitted_at__lt=submitted_before).filter(
            Q(screened_at__isnull=True) | Q(screened_at__lt=F("submitted_at"))
        )

    def for_member(self, user):
        """Every job of the user's company, whatever its state."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(company__memberships__user=user)

    def visible_to(self, user):
        """What a job page may show this user: open jobs, and all of their company's jobs."""
        gone = Q(status__in=[Job.Status.CLOSED, Job.Status.EXPIRED])
        public = Q(status=Job.Status.PUBLISHED) | gone
        if user.is_authenticated:
            if user.is_staff:
                return self.all()
            # Exists, not a join: joining the company's memberships would repeat a
            # public job once per member of its company.
            member = Exists(Membership.objects.filter(company_id=OuterRef("company_id"), user=user))
            return self.filter(public | member)
        return self.filter(public)

    def with_skill(self, skill):
        return self.filter(Exists(JobSkill.objects.filter(job=OuterRef("pk"), skill=skill)))

    def with_all_skills(self, skills):
        """Jobs with every one of these skills (ids or Skill rows), each an EXISTS on
        the (job, skill) index. Callers bound the number (the search takes 10 at most):
        at 100,000 jobs this beat one GROUP BY ... HAVING subquery both for the count
        (230 vs 495 ms for python + django + postgresql) and for a page (3 vs 259 ms),
        where EXISTS lets PostgreSQL stop at the 20th newest match."""
        queryset = self
        for skill in dict.fromkeys(skills):
            queryset = queryset.with_skill(skill)
        return queryset

    def in_specialisations(self, specialisations):
        return self.filter(
            Exists(JobSkill.objects.filter(job=OuterRef("pk"), skill__specialisation__in=specialisations))
        )

    def for_role(self, role):
        return self.filter(Exists(JobSkill.objects.filter(job=OuterRef("pk"), skill__roles=role)))

    def open_to_applicants_in(self, country_code):
        """Jobs someone living in this country may take: on-site/hybrid in the
        country, or remote and open to it (directly, by region, or worldwide)."""
        codes = location_codes_admitting(country_code)
        remote_ok = Exists(ApplicantLocation.objects.filter(job=OuterRef("pk"), code__in=codes))
        return self.filter(
            (~Q(work_mode=Job.WorkMode.REMOTE) & Q(country=country_code.upper()))
            | (Q(work_mode=Job.WorkMode.REMOTE) & remote_ok)
        )

    def search(self, text, skills=None):
        """Jobs matching the words, annotated with `rank` (higher is better).

        PostgreSQL: the weighted tsvector (title > skills > description) through its
        GIN index, ranked; websearch syntax ("quoted phrases", or, -exclude) when
        the query uses it. SQLite: every word must appear in the title, skills or
        description; title matches rank first. On both, a word close to a known
        one ("djnago") also matches the known word; pass `skills` when they are
        already loaded, to spare the query for the vocabulary.
        """
        text = clean_search_text(text)
        if not text:
            return self.annotate(rank=Value(0.0, output_field=models.FloatField()))
        # Operators ("phrase", -word, or) are taken as written; plain words also
        # match their likely corrections (search_terms.word_variants).
        precise = bool(WEBSEARCH_OPERATORS.search(text))
        variants = [[word] for word in text.split()] if precise else word_variants(text, skills)[:10]
        if connection.vendor == "postgresql":
            if precise:
                query = SearchQuery(text, search_type="websearch", config="english")
            else:
                query = None
                for alternatives in variants:
                    any_of = None
                    for word in alternatives:
                        term = SearchQuery(word, search_type="plain", config="english")
                        any_of = term if any_of is None else any_of | term
                    query = any_of if query is None else query & any_of
            # The GIN index answers the filter; only the matches are ranked.
            return self.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query))
        matches = Q()
        for alternatives in variants:
            any_of = Q()
            for word in alternatives:
                any_of |= (
                    Q(title__icontains=word) | Q(skills_text__icontains=word) | Q(description__icontains=word)
                )
            matches &= any_of
        return self.filter(matches).annotate(
            rank=Case(
                When(title__icontains=text, then=Value(1.0)),
                default=Value(0.5),
                output_field=models.FloatField(),
            )
        )

    def for_list_page(self):
        return self.select_related("company").prefetch_related(
            models.Prefetch("job_skills", queryset=JobSkill.objects.select_related("skill"))
        )

    def for_detail_page(self):
        return self.select_related("company").prefetch_related(
            models.Prefetch("job_skills", queryset=JobSkill.objects.select_related("skill")),
            "applicant_locations",
        )


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
        indexes = [models.Index(fields=["status", "-published_at"], name="job_status_published")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.slug = slugify(self.title)[:140] or "job"
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("listings:job_detail", kwargs={"pk": self.pk, "slug": self.slug})

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
        place = ", ".join(part for part in [self.city, self.country.name if self.country else ""] if part)
        if self.is_remote:
            return "Remote" + (f" (company in {place})" if place else "")
        return f"{place} ({self.get_work_mode_display()})" if place else self.get_work_mode_display()

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


class JobSkill(models.Model):
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="job_skills")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="job_skills")
    is_required = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "skill"], name="job_skill_once")]
        ordering = ["-is_required", "skill__name"]

    def __str__(self):
        return f"{self.skill} ({'required' if self.is_required else 'nice to have'})"


class ApplicantLocation(models.Model):
    """A country (ISO code) or region code whose residents may apply to a remote job."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="applicant_locations")
    code = models.CharField(max_length=16)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "code"], name="applicant_location_once")]
        indexes = [models.Index(fields=["code", "job"], name="applicant_location_code")]

    def __str__(self):
        return self.label

    @property
    def label(self):
        if self.code in REGIONS:
            return REGIONS[self.code][0]
        return countries.name(self.code) or self.code


class JobViewDay(models.Model):
    """How many times a job's page was seen on one day (UTC), by the public.

    Written in batches by job_views_flush, never once per view; Job.view_count
    keeps the total the dashboard shows."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="view_days")
    day = models.DateField()
    views = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "day"], name="job_view_day_once")]

    def __str__(self):
        return f"{self.job_id} on {self.day}: {self.views}"


class ScreeningFlag(models.Model):
    """One pre-screening signal raised on a job, with what triggered it."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="screening_flags")
    signal = models.CharField(max_length=24, choices=ScreeningSignal)
    detail = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "signal"], name="screening_flag_once")]
        indexes = [models.Index(fields=["signal", "job"], name="screening_flag_signal")]
        ordering = ["signal"]

    def __str__(self):
        return self.get_signal_display()


class JobEvent(models.Model):
    """Every state change of a job: who, when, from, to, and why."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    from_status = models.CharField(max_length=16, choices=Job.Status, blank=True)
    to_status = models.CharField(max_length=16, choices=Job.Status)
    reason = models.CharField(max_length=20, choices=RejectionReason, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.job}: {self.from_status or '—'} → {self.to_status}"


class JobMatchQuerySet(models.QuerySet):
    def for_seeker_recommendations(self, user):
        """The seeker's matches among open jobs, best first, ready for the job cards."""
        return (
            self.filter(seeker=user, job__in=Job.objects.open())
            .select_related("job__company")
            .order_by("-score", "-job__published_at", "pk")
        )

    def suggested_candidates_for(self, job):
        """Opted-in seekers matching the job, best first; nobody else is ever listed."""
        return (
            self.filter(job=job, seeker__profile__open_to_matching=True, seeker__is_active=True)
            .select_related("seeker__profile")
            .order_by("-score", "pk")
        )


class JobMatch(models.Model):
    """How well an opted-in seeker fits an open job, 0 to 100, with the reasons in words.

    Rows are computed by Celery tasks (listings.matching) and upserted on (job, seeker),
    so a re-run leaves one row per pair; pairs below the threshold are not stored.
    """

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="matches")
    seeker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="job_matches")
    score = models.PositiveSmallIntegerField()
    # [{"factor": "required_skills", "ok": true, "text": "You match 5 of 6 required skills: …",
    #   "employer_text": "Matches 5 of 6 required skills: …"}, …]: words for the seeker, and
    # for the employer about the candidate (listings.matching._reason).
    reasons = models.JSONField(default=list)
    computed_at = models.DateTimeField()

    objects = JobMatchQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "seeker"], name="job_match_once"),
            models.CheckConstraint(condition=Q(score__lte=100), name="job_match_score_at_most_100"),
        ]
        indexes = [
            models.Index(fields=["seeker", "-score"], name="job_match_seeker_score"),
            models.Index(fields=["job", "-score"], name="job_match_job_score"),
        ]

    def __str__(self):
        return f"{self.seeker} ~ {self.job}: {self.score}"


# --- Saved searches and alerts ---------------------------------------------------

MAX_SAVED_SEARCHES = 25
MAX_SAVED_QUERY_LENGTH = 2000


class SavedSearchQuerySet(models.QuerySet):
    def for_user(self, user):
        """The user's own saved searches; anyone else's id is not found."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def due(self, now):
        """Searches whose digest is due: alerts on (next_digest_at is NULL when off)."""
        return self.filter(next_digest_at__lte=now)

    def for_list_page(self):
        return self.select_related("role").order_by("-created_at", "-pk")


class SavedSearch(models.Model):
    """A search (its normalised query string) a user asked to be emailed about.

    `last_digest_at` is the watermark: jobs published after it have not been
    considered for a digest yet. `next_digest_at` is when the next digest is due;
    it is NULL while alerts are off (unsubscribed), so the search stays listed
    but is never due.
    """

    class Frequency(models.TextChoices):
        DAILY = "daily", "Daily"
        WEEKLY = "weekly", "Weekly"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(max_length=100)
    # Only known filters, valid values, sorted, no page: "level=senior&q=django".
    query = models.CharField(max_length=MAX_SAVED_QUERY_LENGTH, blank=True)
    # Saved from a role page: the role's jobs only (NULL: all jobs).
    role = models.ForeignKey(Role, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    frequency = models.CharField(max_length=8, choices=Frequency, default=Frequency.DAILY)
    alerts_enabled = models.BooleanField("email alerts", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    last_digest_at = models.DateTimeField(help_text="Jobs published after this are not in a digest yet.")
    next_digest_at = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField(
        null=True, blank=True, help_text="When the last digest email was written."
    )

    objects = SavedSearchQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "saved searches"
        constraints = [
            models.UniqueConstraint(
                "user", models.functions.Lower("name"), name="saved_search_name_once_per_user"
            ),
            models.CheckConstraint(
                condition=Q(alerts_enabled=False) | Q(next_digest_at__isnull=False),
                name="saved_search_alerts_have_next_digest",
            ),
        ]
        indexes = [
            # The beat task's "due" scan: only rows with alerts on are indexed.
            models.Index(
                fields=["next_digest_at"],
                condition=Q(next_digest_at__isnull=False),
                name="saved_search_due",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def interval(self):
        return timedelta(weeks=1) if self.frequency == self.Frequency.WEEKLY else timedelta(days=1)

    def get_search_url(self):
        """The search page this was saved from, with the saved filters."""
        base = self.role.get_absolute_url() if self.role_id else reverse("listings:job_list")
        return f"{base}?{self.query}" if self.query else base
