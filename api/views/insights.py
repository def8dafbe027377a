"""The salary, skill and demand insights as data: the figures of /insights/ and of each
role page, read from the same stored rows through the same presentation
(insights.presentation), so the API and the pages can't disagree. Cached, rate
limited and answered with 304s like the other public endpoints (api.http)."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ParseError
from rest_framework.response import Response

from api.http import set_last_modified
from api.serializers.insights import (
    OverviewSerializer,
    RoleInsightsSerializer,
    insights_data,
    role_link,
    role_summary,
)
from api.serializers.public import ErrorSerializer
from api.views.public import PublicView
from insights.models import RoleInsights
from insights.presentation import DEFAULT_CURRENCY, insights_context, role_summaries
from listings.currency import CURRENCIES
from listings.models import Role

CURRENCY_PARAMETER = OpenApiParameter(
    "currency",
    OpenApiTypes.STR,
    enum=list(CURRENCIES),
    description=(
        "Show the salaries in this currency (the page's choice), at the fixed rates of the site; "
        f"{DEFAULT_CURRENCY} when absent."
    ),
)
ROLE_PARAMETER = OpenApiParameter(
    "slug",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    pattern=r"^[-a-zA-Z0-9_]+$",
    description="The role's slug, as in its page's address (see /api/v1/roles/).",
)
FIGURES_DESCRIPTION = (
    "From the jobs published in the last 12 weeks: yearly salary quartiles by level, work mode "
    "and region (absent, with only the job count, under the minimum sample), the most required "
    "skills with their share and its change, and jobs published per week. Recomputed nightly."
)


def requested_currency(request):
    """The `currency` parameter: unlike the page's select, an unknown one is an error
    (a program should learn that its figures would not be in the currency it asked)."""
    value = request.query_params.get("currency")
    if value in (None, ""):
        return DEFAULT_CURRENCY
    if value.upper() not in CURRENCIES:
        raise ParseError(f"Unknown currency: give one of {', '.join(CURRENCIES)}.")
    return value.upper()


class InsightsOverviewView(PublicView):
    @extend_schema(
        operation_id="insights_overview",
        summary="Salaries, skills and demand of all jobs, and a line per role",
        description=f"The figures of /insights/. {FIGURES_DESCRIPTION}",
        parameters=[CURRENCY_PARAMETER],
        responses={200: OverviewSerializer, 400: ErrorSerializer, 429: ErrorSerializer},
    )
    def get(self, request):
        currency = requested_currency(request)
        scopes = list(RoleInsights.objects.for_overview())
        all_jobs = next((scope for scope in scopes if scope.scope == RoleInsights.ALL_JOBS), None)
        data = insights_data(
            insights_context(all_jobs, currency), reverse("insights:overview"), currency, request
        )
        summaries = role_summaries(scopes, currency)
        data["roles"] = [role_summary(summary, request) for summary in summaries]
        moments = [scope.computed_at for scope in scopes]
        moments += [summary["role"].updated_at for summary in summaries]
        return set_last_modified(Response(OverviewSerializer(data).data), moments)


class RoleInsightsView(PublicView):
    @extend_schema(
        operation_id="insights_role",
        summary="Salaries, skills and demand of one role",
        description=f"The figures at the end of the role's page (`#insights`). {FIGURES_DESCRIPTION}",
        parameters=[ROLE_PARAMETER, CURRENCY_PARAMETER],
        responses={
            200: RoleInsightsSerializer,
            400: ErrorSerializer,
            404: ErrorSerializer,
            429: ErrorSerializer,
        },
    )
    def get(self, request, slug):
        currency = requested_currency(request)
        published = Role.objects.filter(is_published=True).only("slug", "name", "updated_at")
        role = get_object_or_404(published, slug=slug)
        insights = RoleInsights.objects.for_role_page(role)
        data = insights_data(insights_context(insights, currency), role.get_absolute_url(), currency, request)
        data["role"] = role_link(role, request)
        moments = [role.updated_at, insights.computed_at if insights else None]
        return set_last_modified(Response(RoleInsightsSerializer(data).data), moments)
