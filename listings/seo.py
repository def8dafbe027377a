"""What search engines and feed readers get: the schema.org JobPosting of a job page
(JSON-LD for Google for Jobs), an Atom feed for every search (/jobs/feed/ and each role
page's), and sitemap.xml."""

import json
import re
from dataclasses import dataclass
from io import StringIO

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.syndication.views import Feed
from django.db.models import Exists, Max, OuterRef
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.safestring import mark_safe

from jobportal.links import absolute_url
from listings.models import Company, Job, JobSkill, Role
from listings.regions import REGIONS
from listings.search.filters import JobFilterSet

# schema.org JobPosting vocabulary for our choices.
EMPLOYMENT_TYPES = {
    Job.EmploymentType.FULL_TIME: "FULL_TIME",
    Job.EmploymentType.PART_TIME: "PART_TIME",
    Job.EmploymentType.CONTRACT: "CONTRACTOR",
    Job.EmploymentType.TEMPORARY: "TEMPORARY",
    Job.EmploymentType.INTERNSHIP: "INTERN",
}
SALARY_UNITS = {
    Job.SalaryPeriod.YEAR: "YEAR",
    Job.SalaryPeriod.MONTH: "MONTH",
    Job.SalaryPeriod.DAY: "DAY",
    Job.SalaryPeriod.HOUR: "HOUR",
}
# Inside <script>, "</script>" or "<!--" in a job's text would end or confuse
# the element; JSON allows these characters as \u escapes (as Django's json_script).
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


# --- JSON-LD ---------------------------------------------------------------------


def _applicant_location(code):
    if code in REGIONS:
        # Regions (and "worldwide") are areas, not countries, in schema.org terms.
        return {"@type": "AdministrativeArea", "name": REGIONS[code][0]}
    return {"@type": "Country", "name": code}


def job_posting_data(job, request):
    """The schema.org JobPosting for Google for Jobs, as a dict."""
    company = job.company
    organization = {"@type": "Organization", "name": company.name}
    if company.website:
        organization["sameAs"] = company.website
    if company.logo:
        organization["logo"] = absolute_url(company.logo.url, request)
    data = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": job.title,
        "description": str(job.rendered_description),
        "identifier": {"@type": "PropertyValue", "name": company.name, "value": str(job.pk)},
        "url": absolute_url(job.get_absolute_url(), request),
        "datePosted": job.published_at.isoformat() if job.published_at else None,
        # The end of the closing date: the moment the job leaves the site.
        "validThrough": job.closes_at.isoformat() if job.closes_at else None,
        "employmentType": EMPLOYMENT_TYPES[job.employment_type],
        "hiringOrganization": organization,
        "baseSalary": {
            "@type": "MonetaryAmount",
            "currency": job.salary_currency,
            "value": {
                "@type": "QuantitativeValue",
                "minValue": job.salary_min,
                "maxValue": job.salary_max,
                "unitText": SALARY_UNITS[job.salary_period],
            },
        },
        "directApply": job.apply_method == Job.ApplyMethod.ON_SITE,
        "industry": "Software Development",
        "occupationalCategory": "15-1252.00 Software Developers",
        "skills": ", ".join(job_skill.skill.name for job_skill in job.job_skills.all()),
    }
    if job.is_remote:
        # A remote job's city is the company's, not where the work happens.
        data["jobLocationType"] = "TELECOMMUTE"
        data["applicantLocationRequirements"] = [
            _applicant_location(location.code) for location in job.applicant_locations.all()
        ]
    else:
        address = {"@type": "PostalAddress", "addressLocality": job.city or None}
        if job.country:
            address["addressCountry"] = job.country.code
        data["jobLocation"] = {"@type": "Place", "address": {k: v for k, v in address.items() if v}}
    return {key: value for key, value in data.items() if value is not None}


def job_posting_json(job, request):
    """The JobPosting serialised for a <script type="application/ld+json">."""
    text = json.dumps(job_posting_data(job, request), ensure_ascii=False, separators=(",", ":"))
    return mark_safe(text.translate(JSON_SCRIPT_ESCAPES))  # noqa: S308 - <, > and & are escaped above


# --- Atom feeds -------------------------------------------------------------------


# A reader polls a search's feed every hour or so: 25 entries hold a search's new jobs
# between polls, and a feed is written in ~12 ms of CPU (50 took ~23 ms, most of it
# the XML) when the page cache doesn't have it.
FEED_SIZE = 25
SNIPPET_WORDS = 60
# XML 1.0 cannot carry these; one stray character in a job must not break the feed.
XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text):
    return XML_UNSAFE.sub("", str(text))


@dataclass
class FeedSearch:
    """What one request's feed shows; the Feed instance itself is shared by all requests."""

    filterset: JobFilterSet
    role: Role | None
    page_url: str


class BufferedAtom1Feed(Atom1Feed):
    """An Atom feed written to the response in one piece: Django's feed writes each
    element's bits straight to the response, ~1,400 writes for 25 entries."""

    def write(self, outfile, encoding):
        buffer = StringIO()
        super().write(buffer, encoding)
        outfile.write(buffer.getvalue())


def first_words(text, count):
    """The first `count` words of plain text, with "…" when there were more."""
    words = text.split(None, count)
    return " ".join(words[:count]) + ("…" if len(words) > count else "")


class JobSearchFeed(Feed):
    feed_type = BufferedAtom1Feed

    def get_object(self, request, slug=None):
        role = None
        queryset = Job.objects.open()
        page_url = reverse("listings:job_list")
        if slug is not None:
            # The skills loaded: the jobs are found by their ids (JobQuerySet.for_role).
            roles = Role.objects.filter(is_published=True, slug=slug).prefetch_related("skills")
            role = roles.first()
            if role is None:
                raise Http404("No such role.")
            queryset = queryset.for_role(role)
            page_url = role.get_absolute_url()
        filterset = JobFilterSet(request.GET, queryset=queryset.for_feed())
        query = filterset.query_string()
        return FeedSearch(filterset=filterset, role=role, page_url=page_url + (f"?{query}" if query else ""))

    def title(self, search):
        subject = search.role.name if search.role else "Python backend"
        described = search.filterset.describe()
        return xml_safe(f"{subject} jobs{f': {described}' if described else ''} · {settings.SITE_NAME}")

    def subtitle(self, search):
        return "The newest open jobs matching this search, salary on every listing."

    def link(self, search):
        return search.page_url

    def feed_url(self, search):
        path = reverse("listings:role_feed", kwargs={"slug": search.role.slug}) if search.role else None
        query = search.filterset.query_string()
        return (path or reverse("listings:job_feed")) + (f"?{query}" if query else "")

    def items(self, search):
        jobs = list(search.filterset.qs.order_by("-published_at", "-pk")[:FEED_SIZE])
        # The categories: skill names in one query, without a model per row.
        names = {}
        skills = JobSkill.objects.filter(job_id__in=[job.pk for job in jobs]).order_by(
            "-is_required", "skill__name"
        )
        for job_id, name in skills.values_list("job_id", "skill__name"):
            names.setdefault(job_id, []).append(name)
        for job in jobs:
            job.skill_names = names.get(job.pk, [])
        return jobs

    def item_title(self, job):
        return xml_safe(f"{job.title} at {job.company.name} ({job.salary_display})")

    def item_description(self, job):
        summary = (
            f"{job.location_display} · {job.get_level_display()} · {job.salary_display} · "
            f"closes {job.closing_date.day} {job.closing_date:%b %Y}."
        )
        snippet = first_words(job.plain_description, SNIPPET_WORDS)
        # Atom's summary is type="html": escaped here, the reader shows the text as written.
        return xml_safe(escape(f"{summary} {snippet}"))

    def item_link(self, job):
        return job.get_absolute_url()

    def item_pubdate(self, job):
        return job.published_at

    def item_updateddate(self, job):
        return job.updated_at

    def item_author_name(self, job):
        return xml_safe(job.company.name)

    def item_categories(self, job):
        return [xml_safe(name) for name in job.skill_names]


# --- sitemap.xml: open jobs, role pages, companies hiring, and the search page ----


class JobSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8
    limit = 10_000

    def items(self):
        return Job.objects.open().only("pk", "slug", "updated_at").order_by("-published_at", "-pk")

    def location(self, job):
        # 10,000 reverse() calls were a third of a section's time: one, then a format.
        if not hasattr(self, "_job_url"):
            sample = reverse("listings:job_detail", kwargs={"pk": 987654321, "slug": "SLUG"})
            self._job_url = sample.replace("987654321", "{pk}").replace("SLUG", "{slug}")
        return self._job_url.format(pk=job.pk, slug=job.slug)

    def lastmod(self, job):
        return job.updated_at

    def get_latest_lastmod(self):
        # The default walks every item; one aggregate does the same for the index.
        return Job.objects.open().aggregate(latest=Max("updated_at"))["latest"]


class RoleSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.9

    def items(self):
        return Role.objects.filter(is_published=True).only("slug", "updated_at")

    def lastmod(self, role):
        return role.updated_at


class CompanySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5
    limit = 10_000

    def items(self):
        hiring = Exists(Job.objects.open().filter(company=OuterRef("pk")))
        return Company.objects.filter(hiring).only("slug", "updated_at").order_by("pk")

    def lastmod(self, company):
        return company.updated_at

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class PageSitemap(Sitemap):
    changefreq = "hourly"
    priority = 1.0

    def items(self):
        return ["home", "listings:job_list", "insights:overview"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "pages": PageSitemap,
    "roles": RoleSitemap,
    "jobs": JobSitemap,
    "companies": CompanySitemap,
}
