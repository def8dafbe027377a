from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("settings/", views.account_settings, name="settings"),
    path("profile/", views.profile, name="profile"),
    path("profile/resume/", views.profile_resume, name="profile_resume"),
    path("profile/github/", views.profile_github, name="profile_github"),
]
