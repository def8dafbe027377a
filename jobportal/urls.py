from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from accounts import views as account_views
from listings.page_cache import cached_for_crawlers
from listings.seo import SITEMAPS
from listings.views import links as listing_links

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path(
        "sitemap.xml",
        cached_for_crawlers(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cached_for_crawlers(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    # Ours first: it wraps allauth's login view at the same address.
    path("accounts/login/", account_views.login, name="account_login"),
    # allauth's, with a page in plain words (accounts.views.ConfirmEmailView).
    path("accounts/confirm-email/<str:key>/", account_views.confirm_email, name="account_confirm_email"),
    path("accounts/", include("accounts.urls")),
    # Ours first: allauth's social sign-in URLs, guarded (accounts/urls_social.py).
    path("accounts/", include("accounts.urls_social")),
    path("accounts/", include("allauth.urls")),
    path("employer/api/", include("api.urls_employer")),
    path("employer/", include("listings.urls.employer")),
    path("applications/", include("applications.urls")),
    path("messages/", include("conversations.urls")),
    path("jobs/action/<str:token>/", listing_links.job_action, name="job_action"),
    path("searches/", include("listings.urls.searches")),
    path("insights/", include("insights.urls")),
    path("", include("listings.urls.public")),
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
]

if settings.BENCH_FLOOR:
    urlpatterns.append(path("bench/floor/", views.bench_floor))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = views.bad_request
handler403 = views.permission_denied
handler404 = views.page_not_found
handler500 = views.server_error
handler429 = views.too_many_requests
