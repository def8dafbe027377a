"""Salary, skill and demand figures, computed from the listings at night (services)
and read by the role pages and /insights/ with one indexed read each."""

from django.db import models


class InsightsQuerySet(models.QuerySet):
    def for_role_page(self, role):
        """The role's figures (one read by the unique scope), or None before the first run."""
        return self.filter(scope=RoleInsights.scope_for(role)).first()

    def for_overview(self):
        """Every scope, with the role names the overview links, by role name."""
        return self.select_related("role").order_by("role__name", "pk")


class RoleInsights(models.Model):
    """The figures of one role (or of every job: scope "all"), as the computation left them.

    Amounts are yearly US dollars; pages convert them to the reader's currency. Figures
    under the minimum sample are not stored at all (only how many jobs there were), so
    no page or later API can expose a single employer's salaries."""

    ALL_JOBS = "all"

    scope = models.CharField(max_length=40, unique=True)
    role = models.OneToOneField(
        "listings.Role", on_delete=models.CASCADE, null=True, blank=True, related_name="insights"
    )
    computed_at = models.DateTimeField()
    window_start = models.DateField(help_text="The first day of the 12 weeks the figures cover.")
    jobs = models.PositiveIntegerField(help_text="Jobs published in the window.")
    salary = models.JSONField(default=dict)
    skills = models.JSONField(default=dict)
    demand = models.JSONField(default=list)

    objects = InsightsQuerySet.as_manager()

    class Meta:
        verbose_name = "insights"
        verbose_name_plural = "insights"

    def __str__(self):
        return f"Insights: {self.role or 'all jobs'}"

    @classmethod
    def scope_for(cls, role):
        return f"role-{role.pk}" if role is not None else cls.ALL_JOBS
