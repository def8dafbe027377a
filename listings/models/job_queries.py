"""The queries pages make of jobs (JobQuerySet), each in domain words."""

from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from listings.regions import location_codes_admitting
from listings.search.text import keyword_search

from .companies import Membership
from .job_parts import ApplicantLocation, JobSkill
from .skills import Skill

# The fields a job card (includes/job_card.html) reads, its company's included.
CARD_FIELDS = (
    "title",
    "slug",
    "level",
    "work_mode",
    "employment_type",
    "city",
    "country",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_period",
    "salary_max_usd",
    "salary_min_usd",
    "open_to_juniors",
    "visa_sponsorship",
    "relocation_help",
    "is_agency",
    "status",
    "published_at",
    "closing_date",
    "updated_at",
    "company__name",
    "company__updated_at",
    "company__slug",
    "company__is_verified",
    "company__logo",
)


def card_skills():
    """The skills a card lists, for prefetch_related."""
    return models.Prefetch(
        "job_skills",
        queryset=JobSkill.objects.select_related("skill").only(
            "job_id", "is_required", "skill__name", "skill__slug"
        ),
    )


class JobQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=self.model.Status.PUBLISHED)

    def open(self, now=None):
        """Published and its closing date not over (the periodic expiry may not have run yet)."""
        return self.published().filter(closing_date__gte=timezone.localdate(now))

    def past_closing_date(self, now=None):
        """Published jobs whose closing date is over: the expiry task's work."""
        return self.published().filter(closing_date__lt=timezone.localdate(now))

    def unscreened(self, submitted_before):
        """Pending jobs not screened since they were (last) submitted, before a moment."""
        return self.filter(status=self.model.Status.PENDING, submitted_at__lt=submitted_before).filter(
            Q(screened_at__isnull=True) | Q(screened_at__lt=F("submitted_at"))
        )

    def for_member(self, user):
        """Every job of the user's company, whatever its state."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(company__memberships__user=user)

    def visible_to(self, user):
        """What a job page may show this user: open jobs, and all of their company's jobs."""
        gone = Q(status__in=[self.model.Status.CLOSED, self.model.Status.EXPIRED])
        public = Q(status=self.model.Status.PUBLISHED) | gone
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
        """Jobs asking for any of the role's skills (a Role or its id). With the role's
        skills loaded (the role page prefetches them) their ids are written in the
        query: one index lookup per job instead of a join through the role's skills
        (the role page's first 1,001 jobs at 100,000: 24 -> 10 ms)."""
        prefetched = getattr(role, "_prefetched_objects_cache", {})
        if "skills" in prefetched:
            skills = Q(skill_id__in=[skill.pk for skill in prefetched["skills"]])
        else:
            skills = Q(skill__roles=role)
        return self.filter(Exists(JobSkill.objects.filter(skills, job=OuterRef("pk"))))

    def open_to_applicants_in(self, country_code):
        """Jobs someone living in this country may take: on-site/hybrid in the
        country, or remote and open to it (directly, by region, or worldwide)."""
        codes = location_codes_admitting(country_code)
        remote_ok = Exists(ApplicantLocation.objects.filter(job=OuterRef("pk"), code__in=codes))
        return self.filter(
            (~Q(work_mode=self.model.WorkMode.REMOTE) & Q(country=country_code.upper()))
            | (Q(work_mode=self.model.WorkMode.REMOTE) & remote_ok)
        )

    def search(self, text, skills=None):
        """Jobs matching the words, annotated with `rank` (higher is better); a word
        close to a known one ("djnago") also matches the known word (search.text).
        Pass `skills` when they are already loaded, to spare the query for the vocabulary."""
        return keyword_search(self, text, Skill.objects.only("name", "aliases") if skills is None else skills)

    def for_list_page(self):
        """What a job card shows, and nothing else: a job row is ~4 kB, most of it the
        description and the search vector, which a list never needs."""
        return self._cards()

    def for_cards(self):
        """The card fields without the skills: listings.cards.prepare_cards fetches
        them only for the cards it has not kept."""
        return self.select_related("company").only(*CARD_FIELDS)

    def for_feed(self):
        """Card fields and the plain text of the description, for feed entries (their
        skill names come in one query of their own: seo.JobSearchFeed.items)."""
        return self.select_related("company").only(*CARD_FIELDS, "description_text")

    def for_api(self):
        """A job card's fields, its description (HTML and text), how to apply and
        where applicants may live: the public API's JobPosting (api/)."""
        return (
            self._cards()
            .only(*CARD_FIELDS, "description_html", "description_text", "apply_method")
            .prefetch_related("applicant_locations")
        )

    def _cards(self):
        return self.for_cards().prefetch_related(card_skills())

    def for_detail_page(self):
        return self.select_related("company").prefetch_related(
            models.Prefetch("job_skills", queryset=JobSkill.objects.select_related("skill")),
            "applicant_locations",
        )
