"""The public read API: the job search, a job, skills, roles, a company.

Every list reads through the same FilterSet and JobQuerySet methods as /jobs/, so
the API and the pages can't disagree; responses are cached and rate limited
(api.http)."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import ParseError
from rest_framework.response import Response
from rest_framework.views import APIView

from api.errors import require_id
from api.http import set_last_modified
from api.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, BadCursor, SearchPage
from api.schema import search_parameters
from api.serializers.public import (
    CompanySerializer,
    ErrorSerializer,
    GoneJobSerializer,
    JobPostingSerializer,
    JobSearchSerializer,
    RoleSerializer,
    SkillSerializer,
)
from listings.models import Company, Job, Role, Skill
from listings.search.filters import JobFilterSet

GONE_DETAIL = "This job is no longer open: it was closed or passed its closing date."
COMPANY_JOBS = 20


class PublicView(APIView):
    authentication_classes = []
    permission_classes = []


def _page_size(request, problems):
    raw = request.query_params.get("page_size")
    if raw in (None, ""):
        return DEFAULT_PAGE_SIZE
    try:
        size = int(raw)
    except ValueError:
        size = 0
    if not 1 <= size <= MAX_PAGE_SIZE:
        problems.append(f"Page size: give a whole number from 1 to {MAX_PAGE_SIZE}; 20 were sent.")
        return DEFAULT_PAGE_SIZE
    return size


def _moments(jobs):
    for job in jobs:
        yield job.updated_at
        yield job.company.updated_at


class JobSearchView(PublicView):
    @extend_schema(
        operation_id="jobs_search",
        summary="Search open jobs",
        description=(
            "The filters of /jobs/, with the same names, values and validation: a value the "
            "site does not know is ignored and said in `problems`. Pages follow `next`."
        ),
        parameters=search_parameters(),
        responses={200: JobSearchSerializer, 400: ErrorSerializer, 429: ErrorSerializer},
    )
    def get(self, request):
        filterset = JobFilterSet(request.GET, queryset=Job.objects.open().for_api())
        problems = filterset.problems()
        size = _page_size(request, problems)
        try:
            page = SearchPage(filterset, cursor=request.GET.get("cursor") or None, size=size)
        except BadCursor:
            raise ParseError(
                "That cursor is not one we gave out for this search: start again without it."
            ) from None
        next_url = None
        if page.next_cursor:
            query = request.GET.copy()
            query["cursor"] = page.next_cursor
            next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
        context = {"request": request}
        data = {
            "results": JobPostingSerializer(page.rows, many=True, context=context).data,
            "next": next_url,
            "problems": problems,
        }
        return set_last_modified(Response(data), _moments(page.rows))


class JobDetailView(PublicView):
    @extend_schema(
        operation_id="jobs_retrieve",
        summary="One job",
        responses={
            200: JobPostingSerializer,
            404: ErrorSerializer,
            410: OpenApiResponse(GoneJobSerializer, description="Closed or past its closing date."),
            429: ErrorSerializer,
        },
    )
    def get(self, request, pk):
        require_id(pk)
        public = Job.objects.filter(status__in=[Job.Status.PUBLISHED, Job.Status.CLOSED, Job.Status.EXPIRED])
        job = get_object_or_404(public.for_api(), pk=pk)
        if job.is_gone:
            # As the job page: old links keep answering, truthfully.
            status = Job.Status.CLOSED if job.status == Job.Status.CLOSED else Job.Status.EXPIRED
            closed_at = job.closed_at if job.status == Job.Status.CLOSED else None
            data = {"id": job.pk, "status": status, "detail": GONE_DETAIL, "closedAt": closed_at}
            return Response(GoneJobSerializer(data).data, status=410)
        data = JobPostingSerializer(job, context={"request": request}).data
        return set_last_modified(Response(data), _moments([job]))


class SkillListView(PublicView):
    @extend_schema(
        operation_id="skills_list", summary="The skill taxonomy", responses=SkillSerializer(many=True)
    )
    def get(self, request):
        skills = Skill.objects.only("slug", "name", "category", "specialisation", "aliases").order_by("name")
        return Response(SkillSerializer(skills, many=True).data)


class RoleListView(PublicView):
    @extend_schema(operation_id="roles_list", summary="Role pages", responses=RoleSerializer(many=True))
    def get(self, request):
        roles = (
            Role.objects.filter(is_published=True)
            .only("slug", "name", "updated_at")
            .prefetch_related(
                Prefetch("skills", queryset=Skill.objects.only("slug", "name").order_by("name"))
            )
            .order_by("name")
        )
        response = Response(RoleSerializer(roles, many=True, context={"request": request}).data)
        return set_last_modified(response, [role.updated_at for role in roles])


class CompanyDetailView(PublicView):
    @extend_schema(
        operation_id="companies_retrieve",
        summary="A company and its newest open jobs",
        responses={200: CompanySerializer, 404: ErrorSerializer, 429: ErrorSerializer},
    )
    def get(self, request, slug):
        company = get_object_or_404(Company, slug=slug)
        company.open_jobs = list(Job.objects.open().filter(company=company).for_api()[:COMPANY_JOBS])
        response = Response(CompanySerializer(company, context={"request": request}).data)
        return set_last_modified(
            response, [company.updated_at, *(job.updated_at for job in company.open_jobs)]
        )
