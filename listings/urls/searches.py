from django.urls import path

from listings.views import searches

app_name = "searches"

urlpatterns = [
    path("", searches.saved_search_list, name="list"),
    path("new/", searches.saved_search_create, name="create"),
    path("<int:pk>/edit/", searches.saved_search_edit, name="edit"),
    path("<int:pk>/alerts/", searches.saved_search_alerts, name="alerts"),
    path("<int:pk>/delete/", searches.saved_search_delete, name="delete"),
    path("unsubscribe/<str:token>/", searches.unsubscribe, name="unsubscribe"),
]
