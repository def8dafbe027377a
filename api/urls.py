from django.urls import path

from api.http import public_endpoint
from api.views import docs, public

app_name = "api"

urlpatterns = [
    path("schema/", docs.schema, name="schema"),
    path("docs/", docs.swagger, name="docs"),
    path("docs/reference/", docs.redoc, name="redoc"),
    path("v1/jobs/", public_endpoint(public.JobSearchView.as_view()), name="job_list"),
    path("v1/jobs/<int:pk>/", public_endpoint(public.JobDetailView.as_view()), name="job_detail"),
    path("v1/skills/", public_endpoint(public.SkillListView.as_view()), name="skill_list"),
    path("v1/roles/", public_endpoint(public.RoleListView.as_view()), name="role_list"),
    path(
        "v1/companies/<slug:slug>/",
        public_endpoint(public.CompanyDetailView.as_view()),
        name="company_detail",
    ),
]
