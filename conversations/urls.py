from django.urls import path

from . import views

app_name = "conversations"

# Mounted at /messages/. The <int:pk> is the application's (a thread is one per application).
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("unread/", views.unread_badge, name="unread_badge"),
    path("<int:pk>/post/", views.message_post, name="post"),
    path("<int:pk>/new/", views.poll, name="poll"),
    path("<int:pk>/report/", views.report, name="report"),
]
