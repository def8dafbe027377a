"""The insights as data: built from the template context of the role pages and
/insights/ (insights.presentation), so the API and the pages show the same figures,
in the same currency, hidden under the same minimum sample."""

from django.urls import reverse
from rest_framework import serializers

from insights.computation import TREND_WEEKS, WINDOW_WEEKS
from insights.presentation import BREAKDOWNS
from insights.stats import MIN_SALARY_COMPANIES, MIN_SALARY_JOBS
from jobportal.links import absolute_url
from listings.currency import CURRENCIES

BREAKDOWN_NAMES = {"level": "byLevel", "work_mode": "byWorkMode", "region": "byRegion"}
QUARTILE_NAMES = ("p25", "p50", "p75")


class SalaryFigureSerializer(serializers.Serializer):
    key = serializers.CharField(allow_blank=True, help_text="The level, work mode or region; empty overall.")
    label = serializers.CharField()
    jobs = serializers.IntegerField(help_text="Full-time jobs behind the figures.")
    shown = serializers.BooleanField(help_text="False under the minimum sample: the figures are absent.")
    p25 = serializers.IntegerField(required=False, help_text="25th percentile of the yearly salary.")
    p50 = serializers.IntegerField(required=False, help_text="Median yearly salary.")
    p75 = serializers.IntegerField(required=False, help_text="75th percentile of the yearly salary.")


class SalaryFiguresSerializer(serializers.Serializer):
    overall = SalaryFigureSerializer()
    byLevel = SalaryFigureSerializer(many=True)
    byWorkMode = SalaryFigureSerializer(many=True)
    byRegion = SalaryFigureSerializer(many=True)


class SkillShareSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    jobs = serializers.IntegerField(help_text="Jobs requiring the skill.")
    percent = serializers.IntegerField(help_text="Their share of the jobs, in whole percent.")
    change = serializers.FloatField(
        allow_null=True,
        help_text="Percentage points the share moved (last weeks against the weeks before); "
        "null when either period has too few jobs.",
    )


class SpecialisationSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    jobs = serializers.IntegerField()
    skills = SkillShareSerializer(many=True)


class WeekSerializer(serializers.Serializer):
    week = serializers.DateField(help_text="The first day of the week.")
    jobs = serializers.IntegerField(help_text="Jobs published that week.")


class MinimumSampleSerializer(serializers.Serializer):
    jobs = serializers.IntegerField()
    companies = serializers.IntegerField()


class InsightsSerializer(serializers.Serializer):
    url = serializers.URLField(help_text="The page showing the same figures.")
    currency = serializers.ChoiceField(choices=list(CURRENCIES))
    computedAt = serializers.DateTimeField(allow_null=True, help_text="Null before the first computation.")
    windowStart = serializers.DateField(allow_null=True, help_text="The first day the figures cover.")
    windowWeeks = serializers.IntegerField()
    trendWeeks = serializers.IntegerField(help_text="The last weeks `change` compares with the ones before.")
    jobs = serializers.IntegerField(help_text="Jobs published in the window.")
    minimumSample = MinimumSampleSerializer(help_text="What a salary figure needs to be shown.")
    salary = SalaryFiguresSerializer(allow_null=True, help_text="Yearly amounts in `currency`, to hundreds.")
    skills = SkillShareSerializer(many=True)
    specialisations = SpecialisationSerializer(many=True)
    demand = WeekSerializer(many=True)


class RoleLinkSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    url = serializers.URLField()
    apiUrl = serializers.URLField()


class RoleInsightsSerializer(InsightsSerializer):
    role = RoleLinkSerializer()


class RoleSummarySerializer(RoleLinkSerializer):
    jobs = serializers.IntegerField()
    median = serializers.IntegerField(required=False, help_text="Absent under the minimum sample.")
    topSkills = serializers.ListField(child=serializers.CharField())


class OverviewSerializer(InsightsSerializer):
    roles = RoleSummarySerializer(many=True)


def _salary_row(row):
    data = {"key": row["key"], "label": row["label"], "jobs": row["jobs"], "shown": row["shown"]}
    if row["shown"]:
        data.update(zip(QUARTILE_NAMES, row["figures"], strict=True))
    return data


def _skill(row):
    return {key: row[key] for key in ("slug", "name", "jobs", "percent", "change")}


def insights_data(context, page_url, currency, request):
    """The API's answer from insights.presentation.insights_context (the pages' context)."""
    insights = context["insights"]
    data = {
        "url": absolute_url(f"{page_url}#insights", request),
        "currency": currency,
        "computedAt": insights.computed_at if insights else None,
        "windowStart": insights.window_start if insights else None,
        "windowWeeks": WINDOW_WEEKS,
        "trendWeeks": TREND_WEEKS,
        "jobs": insights.jobs if insights else 0,
        "minimumSample": {"jobs": MIN_SALARY_JOBS, "companies": MIN_SALARY_COMPANIES},
        "salary": None,
        "skills": [],
        "specialisations": [],
        "demand": [],
    }
    if insights is None:
        return data
    tables = {table["key"]: table["rows"] for table in context["salary_tables"]}
    data["salary"] = {
        "overall": _salary_row(context["overall_salary"]["rows"][0]),
        **{BREAKDOWN_NAMES[key]: [_salary_row(row) for row in tables[key]] for key, _, _ in BREAKDOWNS},
    }
    data["skills"] = [_skill(row) for row in context["skills"]]
    data["specialisations"] = [
        {
            "key": entry["key"],
            "label": entry["label"],
            "jobs": entry["jobs"],
            "skills": [_skill(row) for row in entry["skills"]],
        }
        for entry in context["specialisations"]
    ]
    data["demand"] = [{"week": row["week"], "jobs": row["jobs"]} for row in context["demand"]]
    return data


def role_link(role, request):
    return {
        "slug": role.slug,
        "name": role.name,
        "url": absolute_url(role.get_absolute_url(), request),
        "apiUrl": absolute_url(reverse("api:insights_role", kwargs={"slug": role.slug}), request),
    }


def role_summary(summary, request):
    data = {
        **role_link(summary["role"], request),
        "jobs": summary["jobs"],
        "topSkills": summary["top_skills"],
    }
    if summary["median"] is not None:
        data["median"] = summary["median"]
    return data
