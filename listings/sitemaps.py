"""sitemap.xml: open jobs, role pages, companies hiring, and the search page."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef
from django.urls import reverse

from .models import Company, Job, Role


class JobSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8
    limit = 10_000

    def items(self):
        return Job.objects.open().only("pk", "slug", "updated_at").order_by("-published_at", "-pk")

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
        return ["home", "listings:job_list"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "pages": PageSitemap,
    "roles": RoleSitemap,
    "jobs": JobSitemap,
    "companies": CompanySitemap,
}
