"""Employer pages: the company, its members, and its jobs from draft to closed."""

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from accounts.access import safe_next
from listings import dashboard as dashboard_reads
from listings.access import employer_required, member_job
from listings.forms.employer import CloseJobForm, CompanyForm, InvitationForm, JobForm
from listings.models import CompanyInvitation, Job, Membership
from listings.services import companies as company_services
from listings.services import jobs as job_services
from listings.services.companies import CompanyInvitationError
from listings.services.jobs import MATERIAL_FIELD_LABELS, JobTransitionError

# --- Company -----------------------------------------------------------------


@employer_required(needs_company=False)
def company_create(request):
    if request.membership is not None:
        return redirect("employer:company_edit")
    form = CompanyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        company = company_services.company_create(
            by=request.user,
            name=data["name"],
            website=data["website"],
            about=data["about"],
            logo=form.logo_change(),
        )
        messages.success(request, f"{company} is set up. Now post your first job.")
        return redirect(safe_next(request, reverse("employer:job_create")))
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
    membership = company_services.company_invitations_accept(user=request.user)
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
        company_services.company_update(
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
            company_services.company_invite(company=company, by=request.user, email=email, request=request)
        except CompanyInvitationError as error:
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

DASHBOARD_PAGE_SIZE = 20


@vary_on_headers("HX-Request")
@employer_required
def dashboard(request):
    """What needs attention first, then the jobs of one tab (`?show=`), a page at a time.
    A fixed number of queries, however many jobs and applicants (listings.dashboard)."""
    jobs = Job.objects.for_member(request.user)
    tabs, tab_list, attention = dashboard_reads.dashboard_summary(jobs)
    current = request.GET.get("show", "all")
    if current not in tabs:
        current = "all"
    page = Paginator(dashboard_reads.jobs_for_tab(jobs, tabs[current]), DASHBOARD_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    activity = dashboard_reads.activity_by_job([job.pk for job in page])
    for job in page:
        job.views_per_day, job.applications_per_day = activity[job.pk]
    template = "listings/employer/dashboard.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#jobs"
    return render(
        request,
        template,
        {
            "company": request.membership.company,
            "jobs": page,
            "page_obj": page,
            "tabs": tab_list,
            "current_tab": current,
            "attention": attention,
            "close_reasons": Job.CloseReason.choices,
        },
    )


@employer_required
def job_create(request):
    return _job_form_page(request, job=None)


@employer_required
def job_edit(request, pk):
    return _job_form_page(request, job=member_job(request, pk))


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
                job = job_services.job_create(
                    company=request.membership.company, by=request.user, **form.service_kwargs()
                )
                messages.success(request, f"“{job.title}” was saved as a draft.")
            else:
                job = job_services.job_update(job=job, by=request.user, **form.service_kwargs())
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
        changed = list(dict.fromkeys(MATERIAL_FIELD_LABELS[name] for name in job.material_changes))
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
    job = member_job(request, pk, Job.objects.for_detail_page())
    return render(request, "listings/employer/job_preview.html", {"job": job})


@require_POST
@employer_required
def job_submit(request, pk):
    job = member_job(request, pk)
    try:
        job_services.job_submit(job=job, by=request.user)
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
    job = member_job(request, pk)
    form = CloseJobForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose why the job is closing: filled, or no longer hiring.")
        return redirect("employer:dashboard")
    try:
        job_services.job_close(job=job, by=request.user, reason=form.cleaned_data["reason"])
    except JobTransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"“{job.title}” is closed ({job.get_close_reason_display().lower()}).")
    return redirect("employer:dashboard")


@require_POST
@employer_required
def job_reopen(request, pk):
    job = member_job(request, pk)
    try:
        job_services.job_reopen(job=job, by=request.user)
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
    job = member_job(request, pk)
    copy = job_services.job_duplicate(job=job, by=request.user)
    messages.success(request, f"This is a copy of “{job.title}”, saved as a draft. Check it and save.")
    return redirect("employer:job_edit", pk=copy.pk)
