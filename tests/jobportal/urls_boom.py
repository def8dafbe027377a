from django.urls import path

from jobportal.urls import handler500, urlpatterns


def boom(request):
    raise RuntimeError("secret internal detail")


urlpatterns = [*urlpatterns, path("boom/", boom)]

__all__ = ["handler500"]
