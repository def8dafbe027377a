import logging

import redis
from django.conf import settings
from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from jobportal.links import absolute_url
from listings.cards import prepare_cards
from listings.models import Job, Role, Skill
from listings.page_cache import cached_for_visitors

logger = logging.getLogger(__name__)


# Skills people search for most, linked from the home page.
POPULAR_SKILLS = ["django", "fastapi", "postgresql", "celery", "kafka", "kubernetes", "aws", "graphql"]
LATEST_JOBS = 8


@require_safe
@cached_for_visitors
def home(request):
    context = {
        "roles": Role.objects.filter(is_published=True).only("name", "slug", "seo_description"),
        "latest_jobs": prepare_cards(
            Job.objects.open().for_cards()[:LATEST_JOBS], saved_job_ids=None, user=request.user
        ),
        "popular_skills": Skill.objects.filter(slug__in=POPULAR_SKILLS).only("name", "slug"),
    }
    return render(request, "home.html", context)


@require_safe
def bench_floor(request):
    """The floor of bench/load.py (only routed with BENCH_FLOOR): 20 rows through a
    minimal template, what any Django page costs at least on this machine."""
    jobs = Job.objects.open().only("pk", "title", "slug").order_by("-published_at")[:20]
    return render(request, "bench_floor.html", {"jobs": jobs})


@require_safe
def favicon(request):
    """Browsers (and the admin, which names no icon) ask for /favicon.ico: send them to the
    static icon, whose address changes with its content in production."""
    response = HttpResponseRedirect(static("img/favicon.ico"))
    response["Cache-Control"] = "public, max-age=86400"
    return response


ROBOTS_TXT = """User-agent: *
Allow: /
Disallow: /employer/
Disallow: /accounts/
Disallow: /admin/

Sitemap: {sitemap_url}
"""


@require_safe
def robots_txt(request):
    sitemap_url = absolute_url(reverse("sitemap"), request)
    return HttpResponse(ROBOTS_TXT.format(sitemap_url=sitemap_url), content_type="text/plain; charset=utf-8")


def _database_ok():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _redis_ok():
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
    try:
        return client.ping()
    finally:
        client.close()


@never_cache
@require_GET
def healthz(request):
    """200 while the site can serve pages: the database answers. Redis is reported
    but not required: without it the site runs degraded (the cache answers from
    memory, tasks wait for the sweeps), and a load balancer that took every web
    host out when Redis failed would turn a degraded site into no site. 503 when
    the database fails."""
    checks = {"database": _database_ok}
    if settings.REDIS_URL:
        checks["redis"] = _redis_ok
    results = {}
    for name, check in checks.items():
        try:
            results[name] = "ok" if check() else "failing"
        except Exception:
            logger.exception("Health check %s failed", name)
            results[name] = "failing"
    if results["database"] != "ok":
        status = "failing"
    elif all(result == "ok" for result in results.values()):
        status = "ok"
    else:
        status = "degraded"
    return JsonResponse({"status": status, "checks": results}, status=503 if status == "failing" else 200)


def bad_request(request, exception):
    return render(request, "400.html", status=400)


def permission_denied(request, exception):
    return render(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)


def page_not_found(request, exception):
    if request.path.startswith("/api/"):
        # Programs get JSON, whatever the URL resolver made of the address.
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without the request: a context processor may be what failed.
    body = loader.get_template("500.html").render({"site_name": settings.SITE_NAME})
    return HttpResponseServerError(body)


def too_many_requests(request, exception=None):
    return render(request, "429.html", status=429)
