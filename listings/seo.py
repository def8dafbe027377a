"""Atom feeds: one for every search, on /jobs/feed/ and each role's page."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.text import Truncator

from listings.filters import JobFilterSet
from listings.markdown import markdown_to_text
from listings.models import Job, Role

FEED_SIZE = 50
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


class JobSearchFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, slug=None):
        role = None
        queryset = Job.objects.open()
        page_url = reverse("listings:job_list")
        if slug is not None:
            role = Role.objects.filter(is_published=True, slug=slug).first()
            if role is None:
                raise Http404("No such role.")
            queryset = queryset.for_role(role)
            page_url = role.get_absolute_url()
        filterset = JobFilterSet(request.GET, queryset=queryset.for_list_page())
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
        return search.filterset.qs.order_by("-published_at", "-pk")[:FEED_SIZE]

    def item_title(self, job):
        return xml_safe(f"{job.title} at {job.company.name} ({job.salary_display})")

    def item_description(self, job):
        summary = (
            f"{job.location_display} · {job.get_level_display()} · {job.salary_display} · "
            f"closes {job.closing_date.day} {job.closing_date:%b %Y}."
        )
        snippet = Truncator(markdown_to_text(job.description)).words(SNIPPET_WORDS)
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
        return [xml_safe(job_skill.skill.name) for job_skill in job.job_skills.all()]
