"""The job seeker's pages: apply, my applications with their timeline, saved jobs."""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats
from django.views.decorators.http import require_POST, require_safe

from accounts.access import safe_next, seeker_required
from accounts.models import SeekerProfile
from accounts.services import user_has_verified_email
from accounts.storage import resume_response
from applications import services
from applications.forms.seeker import ApplyForm
from applications.models import Application, ApplicationEvent, SavedJob
from applications.progress import progress_steps
from applications.services import AlreadyApplied, ApplicationError
from conversations.selectors import conversation_for_page, unread_by_application
from listings.models import Job, JobSkill


def _job_page(job_pk):
    # The short job URL redirects to the canonical one; no query needed to build it.
    return reverse("listings:job_detail_short", kwargs={"pk": job_pk})


def _application_page(pk):
    return reverse("applications:detail", kwargs={"pk": pk})


def _own_application(request, pk, queryset=None):
    """The application if it is the user's own; any other id is a 404."""
    queryset = Application.objects.all() if queryset is None else queryset
    return get_object_or_404(queryset.for_seeker(request.user), pk=pk)


def _already_applied(request, application):
    applied_on = formats.date_format(application.created_at, "j M Y")
    messages.info(request, f"You already applied to this job on {applied_on}. Here is your application.")
    return redirect(application)


# --- Apply ---------------------------------------------------------------------


@seeker_required(default_next=_job_page)
def apply(request, job_pk):
    job = Job.objects.visible_to(request.user).select_related("company").filter(pk=job_pk).first()
    if job is None:
        # Unpublished and unknown jobs look the same: nothing about a draft leaks.
        return render(request, "applications/apply_unavailable.html", {"job": None}, status=404)
    existing = Application.objects.current().filter(job=job, seeker=request.user).first()
    if existing:
        return _already_applied(request, existing)
    if not job.is_open:
        return render(request, "applications/apply_unavailable.html", {"job": job}, status=410)
    if job.apply_method != Job.ApplyMethod.ON_SITE:
        messages.info(
            request, f"{job.company.name} takes applications on its own website: follow the link here."
        )
        return redirect(job)
    if not user_has_verified_email(request.user):
        return render(request, "applications/verify_email.html", {"job": job}, status=403)

    profile = SeekerProfile.objects.filter(user=request.user).first()
    form = ApplyForm(request.POST or None, request.FILES or None, profile=profile, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_submit(
                job=job,
                seeker=request.user,
                cover_letter=form.cleaned_data["cover_letter"],
                resume_upload=form.resume_upload(),
                full_name=form.typed_name(),
            )
        except AlreadyApplied as error:
            # A second submit (another tab, a double click) lands on the first one.
            return _already_applied(request, error.application)
        except ApplicationError as error:
            form.add_error(None, str(error))
        else:
            return redirect("applications:submitted", pk=application.pk)
    return render(
        request, "applications/apply.html", {"job": job, "form": form, "profile": form.profile_resume}
    )


@require_safe
@seeker_required
def submitted(request, pk):
    application = _own_application(request, pk, Application.objects.select_related("job__company"))
    return render(
        request, "applications/submitted.html", {"application": application, "job": application.job}
    )


# --- My applications ------------------------------------------------------------------


@require_safe
@seeker_required
def application_list(request):
    # The statuses each went through (one query for all), for its progress line.
    history = Prefetch(
        "events",
        queryset=ApplicationEvent.objects.filter(kind=ApplicationEvent.Kind.STATUS).only(
            "application_id", "to_status"
        ),
        to_attr="status_events",
    )
    applications = list(
        Application.objects.for_seeker(request.user).for_seeker_list().prefetch_related(history)
    )
    for application in applications:
        application.progress = progress_steps(
            status=application.status,
            viewed=application.viewed_at is not None,
            history=[event.to_status for event in application.status_events],
        )
    # Each application's unread messages (one query).
    unread = unread_by_application(request.user)
    for application in applications:
        application.unread_messages = unread.get(application.pk, 0)
    return render(request, "applications/application_list.html", {"applications": applications})


@require_safe
@seeker_required
def application_detail(request, pk):
    application = _own_application(
        request,
        pk,
        Application.objects.select_related("job__company").prefetch_related(
            Prefetch("events", queryset=ApplicationEvent.objects.order_by("created_at", "pk"))
        ),
    )
    context = {"application": application, "job": application.job}
    if application.status == Application.Status.WITHDRAWN:
        job = application.job
        context["current_application"] = (
            Application.objects.current().filter(job=job, seeker=request.user).only("pk").first()
        )
        context["can_apply_again"] = job.is_open and job.apply_method == Job.ApplyMethod.ON_SITE
    # The thread with the company, merged with the timeline (conversations app).
    context["conversation"] = conversation_for_page(
        application=application, user=request.user, side="candidate", events=application.events.all()
    )
    return render(request, "applications/application_detail.html", context)


@require_safe
@seeker_required
def application_resume(request, pk):
    application = _own_application(request, pk)
    return resume_response(application.resume, application.resume_name)


@seeker_required(default_next=_application_page)
def application_withdraw(request, pk):
    """GET asks to confirm; POST withdraws."""
    application = _own_application(request, pk, Application.objects.select_related("job__company"))
    if request.method == "POST":
        try:
            services.application_withdraw(application=application, by=request.user)
        except ApplicationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"You withdrew your application to “{application.job.title}”.")
        return redirect(application)
    if not application.can_withdraw:
        messages.error(
            request, f"This application is “{application.get_status_display()}”; it can't be withdrawn now."
        )
        return redirect(application)
    return render(
        request, "applications/withdraw_confirm.html", {"application": application, "job": application.job}
    )


# --- Saved jobs ---------------------------------------------------------------------


@require_safe
@seeker_required
def saved_jobs(request):
    saves = list(
        SavedJob.objects.filter(user=request.user)
        .select_related("job__company")
        .prefetch_related(
            Prefetch("job__job_skills", queryset=JobSkill.objects.select_related("skill")),
        )
        .order_by("-created_at", "-pk")
    )
    job_ids = [save.job_id for save in saves]
    applied = set(
        # A withdrawn application is history: the badge says "Applied" only while one is current.
        Application.objects.current()
        .filter(seeker=request.user, job_id__in=job_ids)
        .values_list("job_id", flat=True)
    )
    context = {"saves": saves, "saved_job_ids": set(job_ids), "applied_job_ids": applied}
    return render(request, "applications/saved_jobs.html", context)


def _save_button(request, job, *, saved):
    """The Save button swapped in place for htmx; a plain POST goes back where it came from."""
    if request.htmx:
        return render(
            request,
            "applications/includes/save_button.html#save-button",
            {"job": job, "saved_job_ids": {job.pk} if saved else set()},
        )
    if saved:
        messages.success(request, f"Saved “{job.title}”. Find it under Saved jobs.")
    else:
        messages.success(request, f"Removed “{job.title}” from your saved jobs.")
    return redirect(safe_next(request, job.get_absolute_url()))


def _savable_job(request, job_pk):
    job = Job.objects.visible_to(request.user).filter(pk=job_pk).first()
    if job is None:
        raise Http404("No such job.")
    return job


@require_POST
@seeker_required(default_next=_job_page)
def job_save(request, job_pk):
    job = _savable_job(request, job_pk)
    services.job_save(job=job, user=request.user)
    return _save_button(request, job, saved=True)


@require_POST
@seeker_required(default_next=_job_page)
def job_unsave(request, job_pk):
    job = _savable_job(request, job_pk)
    services.job_unsave(job=job, user=request.user)
    return _save_button(request, job, saved=False)
