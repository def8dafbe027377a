from django.urls import path

from api.http import public_endpoint, rate_limited
from api.views import docs, insights, public
from api.views import employer_applications as applications
from api.views import employer_jobs as jobs

app_name = "api"

urlpatterns = [
    path("schema/", docs.schema, name="schema"),
    path("docs/", docs.swagger, name="docs"),
    # Public: no credentials, cached, rate limited per address.
    path("v1/jobs/", public_endpoint(public.JobSearchView.as_view()), name="job_list"),
    path("v1/jobs/<int:pk>/", public_endpoint(public.JobDetailView.as_view()), name="job_detail"),
    path("v1/skills/", public_endpoint(public.SkillListView.as_view()), name="skill_list"),
    path("v1/roles/", public_endpoint(public.RoleListView.as_view()), name="role_list"),
    path(
        "v1/companies/<slug:slug>/",
        public_endpoint(public.CompanyDetailView.as_view()),
        name="company_detail",
    ),
    path("v1/insights/", public_endpoint(insights.InsightsOverviewView.as_view()), name="insights_overview"),
    path(
        "v1/insights/<slug:slug>/",
        public_endpoint(insights.RoleInsightsView.as_view()),
        name="insights_role",
    ),
    # Employer: an API key of the company (api.auth), never cached.
    path("v1/employer/jobs/", rate_limited(jobs.JobListView.as_view()), name="employer_job_list"),
    path(
        "v1/employer/jobs/<int:pk>/", rate_limited(jobs.JobDetailView.as_view()), name="employer_job_detail"
    ),
    path(
        "v1/employer/jobs/<int:pk>/submit/",
        rate_limited(jobs.JobSubmitView.as_view()),
        name="employer_job_submit",
    ),
    path(
        "v1/employer/jobs/<int:pk>/close/",
        rate_limited(jobs.JobCloseView.as_view()),
        name="employer_job_close",
    ),
    path(
        "v1/employer/jobs/<int:job_pk>/applications/",
        rate_limited(applications.ApplicationListView.as_view()),
        name="employer_application_list",
    ),
    path(
        "v1/employer/jobs/<int:job_pk>/applications/<int:pk>/",
        rate_limited(applications.ApplicationDetailView.as_view()),
        name="employer_application_detail",
    ),
    path(
        "v1/employer/jobs/<int:job_pk>/applications/<int:pk>/move/",
        rate_limited(applications.ApplicationMoveView.as_view()),
        name="employer_application_move",
    ),
    path("v1/employer/resumes/<str:token>/", rate_limited(applications.ResumeView.as_view()), name="resume"),
]
