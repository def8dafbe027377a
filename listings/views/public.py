"""Pages anyone can see: the job search, role pages, job pages, company pages."""

from django.db.models import Prefetch
from django.http import HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from applications.models import Application, CandidateInvitation, SavedJob
from jobportal.links import absolute_url
from listings.cards import prepare_cards
from listings.models import Company, Job, Membership, Role, Skill
from listings.page_cache import cached_for_visitors
from listings.search.filters import JobFilterSet
from listings.search.pages import COUNT_CAP, CappedPaginator, SearchPaginator
from listings.seo import job_posting_json
from listings.services.job_views import job_record_view
from listings.similar import similar_open_jobs

PAGE_SIZE = 20
SAFE_SCHEMES = ("https://", "http://")


def saved_job_ids(user):
    """The ids of the jobs the user saved, fetched once per page for the cards'
    Save buttons. Visitors get an empty set (their Save asks them to log in);
    employers get None: no Save buttons."""
    if not user.is_authenticated:
        return set()
    if not user.is_seeker:
        return None
    return set(SavedJob.objects.filter(user=user).order_by().values_list("job_id", flat=True))


# --- Search: /jobs/ and role pages --------------------------------------------


def _search(request, *, queryset, template_context):
    """Filter, sort and paginate `queryset` by the query string; render the
    whole page, or only the results for htmx."""
    filterset = JobFilterSet(request.GET, queryset=queryset.for_cards())
    paginator = SearchPaginator(filterset, PAGE_SIZE)
    requested_page = request.GET.get("page", "")
    page = paginator.get_page(requested_page)
    # Hand-edited page numbers: get_page() falls back to the first or last page.
    page_note = ""
    if requested_page and requested_page != str(page.number) and paginator.count:
        page_note = f"There is no such page of results; this is page {page.number} of {paginator.num_pages}."
    if paginator.capped and not page.has_next():
        page_note = (
            f"{page_note} Only the first {COUNT_CAP:,} jobs are shown: narrow the search to see more.".strip()
        )
    query = filterset.query_string()
    active_filters = filterset.active_filters()
    saved_ids = saved_job_ids(request.user)
    context = {
        **template_context,
        "filterset": filterset,
        "form": filterset.form,
        "page_obj": page,
        "jobs": prepare_cards(page.object_list, saved_job_ids=saved_ids, user=request.user),
        "result_count": min(paginator.count, COUNT_CAP),
        # "1,000+": past the cap nobody counted further.
        "result_count_capped": f"{COUNT_CAP:,}+" if paginator.capped else "",
        "problems": filterset.problems(),
        "active_filters": active_filters,
        # What the filters panel holds (the keywords have their own box).
        "panel_filter_count": sum(1 for chip in active_filters if chip["name"] != "q"),
        "query": query,
        "page_note": page_note,
        "saved_job_ids": saved_ids,
    }
    template = "listings/job_list.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#results"
    return render(request, template, context)


# The page and its results fragment share a URL: caches must key on these headers.
@require_safe
@cached_for_visitors
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def job_list(request):
    return _search(
        request,
        queryset=Job.objects.open(),
        template_context={
            "role": None,
            "search_url": reverse("listings:job_list"),
            "feed_url": reverse("listings:job_feed"),
        },
    )


# The page and its results fragment share a URL: caches must key on these headers.
@require_safe
@cached_for_visitors
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def role_detail(request, slug):
    role = get_object_or_404(
        Role.objects.filter(is_published=True).prefetch_related(
            Prefetch("skills", queryset=Skill.objects.only("name", "slug"))
        ),
        slug=slug,
    )
    return _search(
        request,
        queryset=Job.objects.open().for_role(role),
        template_context={
            "role": role,
            "search_url": role.get_absolute_url(),
            "feed_url": reverse("listings:role_feed", kwargs={"slug": role.slug}),
        },
    )


# --- Job page -----------------------------------------------------------------


def _count_cached_view(request, pk, slug=""):
    # Only an open job's page is kept (a 200 to a visitor): a view like any other.
    job_record_view(job_id=pk)


@require_safe
@cached_for_visitors(on_hit=_count_cached_view)
def job_detail(request, pk, slug=""):
    job = get_object_or_404(Job.objects.visible_to(request.user).for_detail_page(), pk=pk)
    if slug != job.slug:
        url = job.get_absolute_url()
        if request.META.get("QUERY_STRING"):
            url += "?" + request.META["QUERY_STRING"]
        return HttpResponsePermanentRedirect(url)
    is_member = (
        request.user.is_authenticated
        and Membership.objects.filter(company_id=job.company_id, user=request.user).exists()
    )
    saved_ids = saved_job_ids(request.user)
    context = {
        "job": job,
        "is_member": is_member,
        "saved_job_ids": saved_ids,
        "canonical_url": absolute_url(job.get_absolute_url(), request),
    }
    if job.is_gone or job.is_open:
        # Cards: their skills are read only for those the process hasn't kept.
        similar = similar_open_jobs(job)
        context["similar_jobs"] = prepare_cards(similar, saved_job_ids=saved_ids, user=request.user)
    if job.is_gone:
        # Old links keep answering, truthfully: gone, not found elsewhere.
        return render(request, "listings/job_detail.html", context, status=410)
    if job.is_open:
        context["job_posting_json"] = job_posting_json(job, request)
        # The URL field only accepts http(s), but a link is a link: check again.
        if job.apply_method == Job.ApplyMethod.EXTERNAL and job.apply_url.lower().startswith(SAFE_SCHEMES):
            context["external_apply_url"] = job.apply_url
        if request.user.is_authenticated and request.user.is_seeker:
            # "You applied on …" instead of Apply.
            context["application"] = (
                Application.objects.filter(job=job, seeker=request.user).order_by("-created_at").first()
            )
            if context["application"] is None:
                # Invited by the employer through matching: say so next to Apply.
                context["invitation"] = (
                    CandidateInvitation.objects.filter(job=job, seeker=request.user)
                    .only("created_at")
                    .first()
                )
        if not is_member:
            job_record_view(job_id=job.pk)
    return render(request, "listings/job_detail.html", context)


# --- Company page -------------------------------------------------------------


@require_safe
@cached_for_visitors
def company_detail(request, slug):
    company = get_object_or_404(Company, slug=slug)
    jobs = Job.objects.open().filter(company=company).for_cards()
    page = CappedPaginator(jobs, PAGE_SIZE).get_page(request.GET.get("page"))
    saved_ids = saved_job_ids(request.user)
    return render(
        request,
        "listings/company_detail.html",
        {
            "company": company,
            "page_obj": page,
            "jobs": prepare_cards(page.object_list, saved_job_ids=saved_ids, user=request.user),
            "saved_job_ids": saved_ids,
        },
    )
