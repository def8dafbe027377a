"""Employer pages: the company, its members, and its jobs from draft to closed."""

from functools import wraps
from urllib.parse import urlencode

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from listings import services
from listings.forms import CloseJobForm, CompanyForm, InvitationForm, JobForm
from listings.models import CompanyInvitation, Job, Membership
from listings.services import JobTransitionError


def employer_required(view=None, *, needs_company=True):
    """Signed in, an employer, with a verified email, and (by default) a company.

    Sets `request.membership` (with its company) for the view.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                # After logging in, come back here; a POST-only address can't be revisited.
                target = request.get_full_path() if request.method == "GET" else reverse("employer:dashboard")
                if request.htmx:
                    # A login form swapped into a fragment would be useless: send the whole
                    # page to login, and back to the page the request came from.
                    target = request.htmx.current_url_abs_path or reverse("employer:dashboard")
                    return HttpResponseClientRedirect(redirect_to_login(target).url)
                return redirect_to_login(target)
            if not user.is_employer:
                return render(request, "listings/employer/not_employer.html", status=403)
            if not EmailAddress.objects.filter(user=user, verified=True).exists():
                return render(request, "listings/employer/verify_email.html", status=403)
            request.membership = Membership.objects.select_related("company").filter(user=user).first()
            if needs_company and request.membership is None:
                messages.info(request, "First tell candidates who you are: create your company.")
                target = request.get_full_path() if request.method == "GET" else ""
                return redirect(_with_next(reverse("employer:company_create"), target))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator(view) if view else decorator


def _with_next(url, next_url):
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _safe_next(request, default):
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
        return next_url
    return default


def _member_job(request, pk, queryset=None):
    """The job if it belongs to the user's company; any other id is a 404."""
    queryset = Job.objects.all() if queryset is None else queryset
    return get_object_or_404(queryset.for_member(request.user), pk=pk)


# --- Company -----------------------------------------------------------------


@employer_required(needs_company=False)
def company_create(request):
    if request.membership is not None:
        return redirect("employer:company_edit")
    form = CompanyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        company = services.company_create(
            by=request.user,
            name=data["name"],
            website=data["website"],
            about=data["about"],
            logo=form.logo_change(),
        )
        messages.success(request, f"{company} is set up. Now post your first job.")
        return redirect(_safe_next(request, reverse("employer:job_create")))
    verified = EmailAddress.objects.filter(user=request.user, verified=True).values_list("email", flat=True)
    invitations = CompanyInvitation.objects.filter(
        accepted_at__isnull=True, email__in=[email.lower() for email in verified]
    ).select_related("company", "invited_by")
    return render(
        request,
        "listings/employer/company_create.html",
        {"form": form, "invitations": invitations},
    )


@require_POST
@employer_required(needs_company=False)
def company_join(request):
    """Accept a pending invitation to one of the user's verified addresses."""
    membership = services.company_invitations_accept(user=request.user)
    if membership is None:
        messages.error(request, "There is no pending invitation for your email address.")
        return redirect("employer:company_create")
    messages.success(request, f"You joined {membership.company}.")
    return redirect("employer:dashboard")


@employer_required
def company_edit(request):
    company = request.membership.company
    form = CompanyForm(request.POST or None, request.FILES or None, instance=company)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.company_update(
            company=company,
            by=request.user,
            name=data["name"],
            website=data["website"],
            about=data["about"],
            logo=form.logo_change(),
        )
        messages.success(request, "Your company profile was saved.")
        return redirect("employer:company_edit")
    return render(request, "listings/employer/company_edit.html", {"form": form})


@employer_required
def company_members(request):
    membership = request.membership
    company = membership.company
    form = InvitationForm(request.POST or None, company=company)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        try:
            services.company_invite(company=company, by=request.user, email=email, request=request)
        except JobTransitionError as error:
            form.add_error("email", str(error))
        else:
            messages.success(request, f"Invitation sent to {email}.")
            return redirect("employer:company_members")
    context = {
        "form": form,
        "company": company,
        "is_admin": membership.role == Membership.Role.ADMIN,
        "members": company.memberships.select_related("user").order_by("created_at"),
        "invitations": company.invitations.filter(accepted_at__isnull=True)
        .select_related("invited_by")
        .order_by("-created_at"),
    }
    return render(request, "listings/employer/company_members.html", context)


# --- Jobs --------------------------------------------------------------------


@employer_required
def dashboard(request):
    # The counts come with the jobs (one query, however many jobs and applicants).
    jobs = (
        Job.objects.for_member(request.user)
        .annotate(
            applicant_count=Count("applications"),
            # "New": nobody at the company has opened the application yet.
            new_applicant_count=Count("applications", filter=Q(applications__viewed_at__isnull=True)),
        )
        .order_by("-created_at", "-pk")
    )
    return render(
        request,
        "listings/employer/dashboard.html",
        {"company": request.membership.company, "jobs": jobs, "close_reasons": Job.CloseReason.choices},
    )


@employer_required
def job_create(request):
    return _job_form_page(request, job=None)


@employer_required
def job_edit(request, pk):
    return _job_form_page(request, job=_member_job(request, pk))


def _job_form_page(request, job):
    """The one job form, for a new job and for editing one."""
    heading = f"Edit “{job.title}”" if job else "Post a job"
    status = job.status if job else None
    form = JobForm(request.POST or None, instance=job)
    if request.method == "POST" and request.POST.get("action") == "preview-description":
        # The no-JavaScript preview: show the rendered Markdown, save nothing, judge nothing yet.
        form = JobForm(initial=form.posted_values(), instance=job)
    elif request.method == "POST" and form.is_valid():
        try:
            if job is None:
                job = services.job_create(
                    company=request.membership.company, by=request.user, **form.service_kwargs()
                )
                messages.success(request, f"“{job.title}” was saved as a draft.")
            else:
                job = services.job_update(job=job, by=request.user, **form.service_kwargs())
                _message_after_update(request, job, status)
        except JobTransitionError as error:
            messages.error(request, str(error))
        else:
            if request.POST.get("action") == "preview":
                return redirect("employer:job_preview", pk=job.pk)
            return redirect("employer:dashboard")
    context = {
        "form": form,
        "job": job,
        "status": status,
        "heading": heading,
        "description_preview": form["description"].value(),
    }
    return render(request, "listings/employer/job_form.html", context)


def _message_after_update(request, job, previous_status):
    if previous_status == Job.Status.PUBLISHED and job.status == Job.Status.PENDING:
        changed = list(dict.fromkeys(services.MATERIAL_FIELD_LABELS[name] for name in job.material_changes))
        what = " and ".join([", ".join(changed[:-1]), changed[-1]] if len(changed) > 1 else changed)
        messages.warning(
            request,
            f"You changed the {what} of “{job.title}”, so it went back to review. It is hidden from "
            "candidates until a moderator approves it again; it keeps its closing date, "
            f"{_day(job.closing_date_on_approval())}.",
        )
    elif previous_status == Job.Status.REJECTED:
        messages.success(request, f"“{job.title}” is a draft again. Submit it for review when it is ready.")
    else:
        messages.success(request, f"Your changes to “{job.title}” were saved.")


def _day(value):
    return f"{value.day} {value:%B %Y}"


@require_POST
@employer_required
def markdown_preview(request):
    """The description rendered as candidates will see it (htmx swaps it in as you type)."""
    text = request.POST.get("description", "")[: JobForm.base_fields["description"].max_length]
    return render(
        request, "listings/employer/job_form.html#description-preview", {"description_preview": text}
    )


@employer_required
def job_preview(request, pk):
    job = _member_job(request, pk, Job.objects.for_detail_page())
    return render(request, "listings/employer/job_preview.html", {"job": job})


@require_POST
@employer_required
def job_submit(request, pk):
    job = _member_job(request, pk)
    try:
        services.job_submit(job=job, by=request.user)
    except JobTransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"“{job.title}” was submitted for review. A moderator usually checks it within a day."
        )
    return redirect("employer:dashboard")


@require_POST
@employer_required
def job_close(request, pk):
    job = _member_job(request, pk)
    form = CloseJobForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose why the job is closing: filled, or no longer hiring.")
        return redirect("employer:dashboard")
    try:
        services.job_close(job=job, by=request.user, reason=form.cleaned_data["reason"])
    except JobTransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"“{job.title}” is closed ({job.get_close_reason_display().lower()}).")
    return redirect("employer:dashboard")


@require_POST
@employer_required
def job_reopen(request, pk):
    job = _member_job(request, pk)
    try:
        services.job_reopen(job=job, by=request.user)
    except JobTransitionError as error:
        messages.error(request, str(error))
    else:
        if job.status == Job.Status.PENDING:
            messages.success(
                request,
                f"“{job.title}” had passed its closing date, so it went back to review before going "
                "live. Once approved it stays up 60 days, unless you edit it and choose a closing date.",
            )
        else:
            messages.success(request, f"“{job.title}” is open again, until {_day(job.closing_date)}.")
    return redirect("employer:dashboard")


@require_POST
@employer_required
def job_duplicate(request, pk):
    job = _member_job(request, pk)
    copy = services.job_duplicate(job=job, by=request.user)
    messages.success(request, f"This is a copy of “{job.title}”, saved as a draft. Check it and save.")
    return redirect("employer:job_edit", pk=copy.pk)
