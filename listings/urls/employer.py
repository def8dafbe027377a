from django.urls import path
from django.views.generic import RedirectView

from applications.views import candidates as candidate_views
from applications.views import employer as application_views
from listings.views import employer as views

app_name = "employer"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="employer:dashboard"), name="home"),
    path("company/", views.company_edit, name="company_edit"),
    path("company/new/", views.company_create, name="company_create"),
    path("company/join/", views.company_join, name="company_join"),
    path("company/members/", views.company_members, name="company_members"),
    path("jobs/", views.dashboard, name="dashboard"),
    path("jobs/new/", views.job_create, name="job_create"),
    path("jobs/<int:pk>/edit/", views.job_edit, name="job_edit"),
    path("jobs/<int:pk>/preview/", views.job_preview, name="job_preview"),
    path("jobs/<int:pk>/submit/", views.job_submit, name="job_submit"),
    path("jobs/<int:pk>/close/", views.job_close, name="job_close"),
    path("jobs/<int:pk>/reopen/", views.job_reopen, name="job_reopen"),
    path("jobs/<int:pk>/duplicate/", views.job_duplicate, name="job_duplicate"),
    path("jobs/<int:pk>/candidates/", candidate_views.job_candidates, name="job_candidates"),
    path(
        "jobs/<int:pk>/candidates/<int:match_pk>/invite/",
        candidate_views.candidate_invite,
        name="candidate_invite",
    ),
    path("markdown-preview/", views.markdown_preview, name="markdown_preview"),
    # Applicants: the pipeline of each job, and each application (applications app).
    path("jobs/<int:pk>/applicants/", application_views.job_applicants, name="job_applicants"),
    path("applications/<int:pk>/", application_views.application_detail, name="application_detail"),
    path("applications/<int:pk>/move/", application_views.application_move, name="application_move"),
    path("applications/<int:pk>/notes/", application_views.application_note_add, name="application_note_add"),
    path("applications/<int:pk>/resume/", application_views.application_resume, name="application_resume"),
]
