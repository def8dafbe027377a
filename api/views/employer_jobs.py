"""The employer API for jobs: list, create (draft or submitted), read, edit, submit,
close. Every write goes through the form's validation and listings.services, as the
employer pages do; another company's job is a 404."""

from django.db import transaction
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, status
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from api.auth import ApiKeyAuthentication, HasScope
from api.errors import MAX_ID, require_id
from api.job_input import form_errors, job_as_input, job_form_for, new_job_input
from api.models import ApiKey, ApiKeyUse
from api.pagination import decode_cursor, encode_cursor
from api.serializers.employer import (
    CloseSerializer,
    EmployerJobListSerializer,
    EmployerJobSerializer,
    JobCreateSerializer,
    JobWriteSerializer,
)
from api.serializers.public import ErrorSerializer
from api.services.keys import api_key_use_record
from listings.models import Job
from listings.services import jobs as job_services
from listings.services.jobs import JobTransitionError

JOBS_WRITE = ApiKey.Scope.JOBS_WRITE
PAGE_SIZE = 50
ERRORS = {400: ErrorSerializer, 401: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}


class ConflictError(ValidationError):
    status_code = status.HTTP_409_CONFLICT


class EmployerView(APIView):
    """A view of the employer API. Every write made with a key (POST, PATCH) is recorded
    as an ApiKeyUse: with the change in one transaction when it succeeds; after rolling
    the whole request back when it is refused (4xx) or fails, so a refused write changes
    nothing but leaves its trace."""

    authentication_classes = [ApiKeyAuthentication]
    permission_classes = [HasScope]
    required_scopes = {}
    # What a write names in its URL (or creates): ApiKeyUse.ObjectType.
    use_object_type = ApiKeyUse.ObjectType.JOB
    api_key = None

    def perform_authentication(self, request):
        super().perform_authentication(request)
        self.api_key = request.auth

    def dispatch(self, request, *args, **kwargs):
        if request.method in permissions.SAFE_METHODS:
            return super().dispatch(request, *args, **kwargs)
        try:
            with transaction.atomic():
                response = super().dispatch(request, *args, **kwargs)
                if response.status_code < 400:
                    self.record_use(request, response.status_code, response)
                    return response
                transaction.set_rollback(True)
        except Exception:
            self.record_use(request, 500)
            raise
        self.record_use(request, response.status_code, response)
        return response

    def record_use(self, request, status_code, response=None):
        if self.api_key is None:  # no valid key: nothing to attribute the attempt to
            return
        api_key_use_record(
            api_key=self.api_key,
            method=request.method,
            path=request.path,
            status_code=status_code,
            object_type=self.use_object_type,
            object_id=self.used_object_id(response),
        )

    def used_object_id(self, response):
        """The id in the URL, or the id of what a create made."""
        pk = self.kwargs.get("pk")
        if pk is None and response is not None and response.status_code == status.HTTP_201_CREATED:
            pk = response.data.get("id")
        return pk if isinstance(pk, int) and 0 < pk <= MAX_ID else None

    @property
    def company(self):
        return self.request.auth.company

    def company_jobs(self):
        return Job.objects.filter(company=self.company)

    def job(self, pk):
        """The company's job, with what the employer view shows; any other id is a 404."""
        require_id(pk)
        queryset = self.company_jobs().prefetch_related("job_skills__skill", "applicant_locations")
        return get_object_or_404(queryset, pk=pk)

    def answer_job(self, job, status_code=200, material_changes=None):
        fresh = self.job(job.pk)
        fresh.material_changes = material_changes or []
        return Response(EmployerJobSerializer(fresh).data, status=status_code)


def _valid_form(values, job=None):
    form = job_form_for(values, job=job)
    if not form.is_valid():
        raise ValidationError({"detail": "The job has errors: see `errors`.", "errors": form_errors(form)})
    return form


def next_page_url(request, rows, key):
    if not rows:
        return None
    query = request.GET.copy()
    query["cursor"] = encode_cursor({"k": key(rows[-1])})
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def cursor_pk(request):
    """The id after which a newest-first list continues (None: from the start)."""
    raw = request.GET.get("cursor")
    if not raw:
        return None
    try:
        pk = decode_cursor(raw).get("k")
    except ValueError:
        pk = None
    if not isinstance(pk, int) or isinstance(pk, bool) or not 0 < pk < 2**63:
        raise ParseError("That cursor is not one we gave out: start again without it.")
    return pk


class JobListView(EmployerView):
    required_scopes = {"GET": None, "POST": JOBS_WRITE}

    @extend_schema(
        operation_id="employer_jobs_list",
        summary="The company's jobs, newest first, in every state",
        parameters=[OpenApiParameter("cursor", str, description="From `next` of the previous page.")],
        responses={200: EmployerJobListSerializer, **ERRORS},
    )
    def get(self, request):
        jobs = (
            self.company_jobs().prefetch_related("job_skills__skill", "applicant_locations").order_by("-pk")
        )
        after = cursor_pk(request)
        if after is not None:
            jobs = jobs.filter(pk__lt=after)
        rows = list(jobs[: PAGE_SIZE + 1])
        more = len(rows) > PAGE_SIZE
        rows = rows[:PAGE_SIZE]
        return Response(
            {
                "results": EmployerJobSerializer(rows, many=True).data,
                "next": next_page_url(request, rows, lambda job: job.pk) if more else None,
            }
        )

    @extend_schema(
        operation_id="employer_jobs_create",
        summary="Create a job as a draft, or submit it for review",
        request=JobCreateSerializer,
        responses={201: EmployerJobSerializer, **ERRORS, 409: ErrorSerializer},
    )
    def post(self, request):
        serializer = JobCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        submit = values.pop("submit", False)
        form = _valid_form(new_job_input(values))
        try:
            with transaction.atomic():
                job = job_services.job_create(company=self.company, by=request.user, **form.service_kwargs())
                if submit:
                    job = job_services.job_submit(job=job, by=request.user)
        except JobTransitionError as error:
            raise ConflictError({"detail": str(error)}) from None
        return self.answer_job(job, status.HTTP_201_CREATED)


class JobDetailView(EmployerView):
    required_scopes = {"GET": None, "PATCH": JOBS_WRITE}

    @extend_schema(
        operation_id="employer_jobs_retrieve",
        summary="One of the company's jobs",
        responses={200: EmployerJobSerializer, **ERRORS},
    )
    def get(self, request, pk):
        return self.answer_job(self.job(pk))

    @extend_schema(
        operation_id="employer_jobs_partial_update",
        summary="Edit a job (a published job whose title, description or salary changes goes back to review)",
        request=JobWriteSerializer,
        responses={200: EmployerJobSerializer, **ERRORS, 409: ErrorSerializer},
    )
    def patch(self, request, pk):
        job = self.job(pk)
        serializer = JobWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = {**job_as_input(job), **serializer.validated_data}
        form = _valid_form(values, job=job)
        try:
            job = job_services.job_update(job=job, by=request.user, **form.service_kwargs())
        except JobTransitionError as error:
            raise ConflictError({"detail": str(error)}) from None
        return self.answer_job(job, material_changes=job.material_changes)


class JobSubmitView(EmployerView):
    required_scopes = {"POST": JOBS_WRITE}

    @extend_schema(
        operation_id="employer_jobs_submit",
        summary="Submit a draft for review",
        request=None,
        responses={200: EmployerJobSerializer, **ERRORS, 409: ErrorSerializer},
    )
    def post(self, request, pk):
        try:
            job = job_services.job_submit(job=self.job(pk), by=request.user)
        except JobTransitionError as error:
            raise ConflictError({"detail": str(error)}) from None
        return self.answer_job(job)


class JobCloseView(EmployerView):
    required_scopes = {"POST": JOBS_WRITE}

    @extend_schema(
        operation_id="employer_jobs_close",
        summary="Close a published job (filled, or no longer hiring)",
        request=CloseSerializer,
        responses={200: EmployerJobSerializer, **ERRORS, 409: ErrorSerializer},
    )
    def post(self, request, pk):
        job = self.job(pk)
        serializer = CloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            job = job_services.job_close(job=job, by=request.user, reason=serializer.validated_data["reason"])
        except JobTransitionError as error:
            raise ConflictError({"detail": str(error)}) from None
        return self.answer_job(job)
