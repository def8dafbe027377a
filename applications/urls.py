from django.urls import path

from .views import seeker

app_name = "applications"

# The seeker's pages, mounted at /applications/. `detail` (<int:pk>/) is required:
# emails link to it.
urlpatterns = [
    path("", seeker.application_list, name="list"),
    path("<int:pk>/", seeker.application_detail, name="detail"),
    path("<int:pk>/submitted/", seeker.submitted, name="submitted"),
    path("<int:pk>/resume/", seeker.application_resume, name="resume"),
    path("<int:pk>/withdraw/", seeker.application_withdraw, name="withdraw"),
    path("apply/<int:job_pk>/", seeker.apply, name="apply"),
    path("saved/", seeker.saved_jobs, name="saved"),
    path("saved/<int:job_pk>/save/", seeker.job_save, name="job_save"),
    path("saved/<int:job_pk>/unsave/", seeker.job_unsave, name="job_unsave"),
]
