"""The employer API for applications: a job's applications, one application (cover
letter, stage history, a short-lived resume link), moving it through the pipeline
with the board's service (the candidate gets the same emails)."""

from datetime import timedelta

from django.core import signing
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.storage import resume_response
from api.errors import require_id
from api.models import ApiKey, ApiKeyUse
from api.serializers.employer import (
    ApplicationDetailSerializer,
    ApplicationListSerializer,
    ApplicationSummarySerializer,
    MoveSerializer,
)
from api.serializers.public import ErrorSerializer
from api.views.employer_jobs import ERRORS, ConflictError, EmployerView, cursor_pk, next_page_url
from applications import services as application_services
from applications.models import Application, ApplicationEvent
from applications.services import ApplicationError

RESUME_LINK_LIFETIME = timedelta(minutes=10)
RESUME_SALT = "api.resume-link"
PAGE_SIZE = 50


def resume_link(request, api_key, application):
    """A signed URL to the resume, for this key and application, valid 10 minutes:
    an applicant-tracking system fetches it without sending the key again."""
    if not application.resume:
        return None
    token = signing.dumps({"a": application.pk, "k": api_key.pk}, salt=RESUME_SALT, compress=True)
    return {
        "name": application.resume_name or "resume.pdf",
        "url": request.build_absolute_uri(reverse("api:resume", kwargs={"token": token})),
        "expires_at": timezone.now() + RESUME_LINK_LIFETIME,
    }


class ApplicationsView(EmployerView):
    use_object_type = ApiKeyUse.ObjectType.APPLICATION

    def applications(self, job_pk):
        job = self.job(job_pk)
        return Application.objects.filter(job=job).select_related("seeker")

    def application(self, job_pk, pk):
        require_id(job_pk, pk)
        events = ApplicationEvent.objects.order_by("created_at", "pk")
        queryset = self.applications(job_pk).prefetch_related(Prefetch("events", queryset=events))
        return get_object_or_404(queryset, pk=pk)

    def answer(self, application):
        fresh = self.application(application.job_id, application.pk)
        fresh.resume_link = resume_link(self.request, self.request.auth, fresh)
        return Response(ApplicationDetailSerializer(fresh).data)


class ApplicationListView(ApplicationsView):
    required_scopes = {"GET": ApiKey.Scope.APPLICATIONS_READ}

    @extend_schema(
        operation_id="employer_applications_list",
        summary="A job's applications, newest first",
        parameters=[OpenApiParameter("cursor", str, description="From `next` of the previous page.")],
        responses={200: ApplicationListSerializer, **ERRORS},
    )
    def get(self, request, job_pk):
        applications = self.applications(job_pk).order_by("-pk")
        after = cursor_pk(request)
        if after is not None:
            applications = applications.filter(pk__lt=after)
        rows = list(applications[: PAGE_SIZE + 1])
        more = len(rows) > PAGE_SIZE
        rows = rows[:PAGE_SIZE]
        return Response(
            {
                "results": ApplicationSummarySerializer(rows, many=True).data,
                "next": next_page_url(request, rows, lambda application: application.pk) if more else None,
            }
        )


class ApplicationDetailView(ApplicationsView):
    required_scopes = {"GET": ApiKey.Scope.APPLICATIONS_READ}

    @extend_schema(
        operation_id="employer_applications_retrieve",
        summary="One application: cover letter, stage history, a resume link valid 10 minutes",
        responses={200: ApplicationDetailSerializer, **ERRORS},
    )
    def get(self, request, job_pk, pk):
        return self.answer(self.application(job_pk, pk))


class ApplicationMoveView(ApplicationsView):
    required_scopes = {"POST": ApiKey.Scope.APPLICATIONS_WRITE}

    @extend_schema(
        operation_id="employer_applications_move",
        summary="Move an application to another stage (the candidate is emailed as from the board)",
        request=MoveSerializer,
        responses={200: ApplicationDetailSerializer, **ERRORS, 409: ErrorSerializer},
    )
    def post(self, request, job_pk, pk):
        application = self.application(job_pk, pk)
        serializer = MoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            application = application_services.application_move(
                application=application, by=request.user, to_status=serializer.validated_data["to"]
            )
        except ApplicationError as error:
            raise ConflictError({"detail": str(error)}) from None
        return self.answer(application)


class ResumeView(APIView):
    """The resume behind a signed link; the link is the credential (short-lived, for one
    application, and dead as soon as its key is revoked)."""

    authentication_classes = []
    permission_classes = []

    @extend_schema(
        operation_id="employer_resume_download",
        summary="Download a resume (a link from an application, valid 10 minutes)",
        responses={(200, "application/pdf"): bytes, 404: ErrorSerializer},
    )
    def get(self, request, token):
        try:
            data = signing.loads(token, salt=RESUME_SALT, max_age=RESUME_LINK_LIFETIME)
        except signing.BadSignature:
            raise Http404("This link is not valid or has expired.") from None
        api_key = ApiKey.objects.active().filter(pk=data.get("k")).first()
        if api_key is None:
            raise Http404("This link is not valid or has expired.")
        application = get_object_or_404(Application, pk=data.get("a"), job__company_id=api_key.company_id)
        if not application.resume:
            raise Http404("No resume.")
        return resume_response(application.resume, application.resume_name)
