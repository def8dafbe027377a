from django.urls import path

from listings.page_cache import cached_for_visitors
from listings.seo import JobSearchFeed
from listings.views import matching, public

app_name = "listings"

# Order matters: "feed" and numeric ids come before the role slug.
urlpatterns = [
    path("jobs/", public.job_list, name="job_list"),
    path("jobs/feed/", cached_for_visitors(JobSearchFeed()), name="job_feed"),
    path("jobs/<int:pk>/", public.job_detail, name="job_detail_short"),
    path("jobs/<int:pk>/<str:slug>/", public.job_detail, name="job_detail"),
    path("jobs/<slug:slug>/", public.role_detail, name="role_detail"),
    path("jobs/<slug:slug>/feed/", cached_for_visitors(JobSearchFeed()), name="role_feed"),
    path("companies/<slug:slug>/", public.company_detail, name="company_detail"),
    path("recommended/", matching.recommended, name="recommended"),
]
