"""The employer's side of applications: the pipeline board of a job, one application
(profile, skill match, timeline, private notes), status moves, the resume download.
Suggested candidates and inviting them to apply: applications.views.candidates.

Every view fetches through a scoped queryset, so another company's job or
application is a 404 and nothing changes.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from accounts.storage import resume_response
from applications import services
from applications.forms.employer import MOVE_TARGETS, MoveForm, NoteForm, next_stage
from applications.models import Application
from applications.services import ApplicationError
from conversations.selectors import conversation_for_page, unread_by_application
from listings.access import employer_required, member_job
from listings.matching.facts import matches_for_profiles
from listings.models import JobSkill

# The board's columns, left to right. Hired and withdrawn are final: their cards can't move.
BOARD_COLUMNS = Application.BOARD
MOVE_TARGET_CHOICES = [(status.value, status.label) for status in MOVE_TARGETS]


_WITH_CANDIDATE = Application.objects.select_related("job__company", "seeker__profile")


def _member_application(request, pk, queryset=None):
    """The application if it is to a job of the user's company; any other id is a 404."""
    queryset = Application.objects.all() if queryset is None else queryset
    return get_object_or_404(queryset.for_company_member(request.user), pk=pk)


def _is_movable(application):
    return application.status not in Application.FINAL


# --- The pipeline board --------------------------------------------------------


@vary_on_headers("HX-Request")
@employer_required
def job_applicants(request, pk):
    job = member_job(request, pk)
    return _render_board(request, job)


def _render_board(request, job, moved=None):
    """The whole page, or (for htmx) only the board."""
    template = "applications/employer/job_applicants.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#board"
    return render(request, template, _board_context(job, moved, user=request.user))


def _board_context(job, moved=None, *, user):
    # One query for every card: the candidate and their profile come with it.
    applications = list(Application.objects.filter(job=job).for_pipeline())
    # Each candidate's match with the job, for every card at once (three queries).
    matches = matches_for_profiles(job, [getattr(a.seeker, "profile", None) for a in applications])
    # The user's unread messages per application (one query).
    unread = unread_by_application(user)
    by_status = {status: [] for status in BOARD_COLUMNS}
    for application in applications:
        application.match = matches.get(application.seeker_id)
        application.unread_messages = unread.get(application.pk, 0)
        application.movable = _is_movable(application)
        application.next_stage = next_stage(application.status)
        by_status[application.status].append(application)
    columns = [
        {"status": status, "label": status.label, "applications": by_status[status]}
        for status in BOARD_COLUMNS
    ]
    return {
        "job": job,
        "columns": columns,
        "total": len(applications),
        "unseen": sum(1 for application in applications if application.viewed_at is None),
        "move_targets": MOVE_TARGET_CHOICES,
        "moved_pk": moved.pk if moved else None,
    }


# --- One application ------------------------------------------------------------


@employer_required
def application_detail(request, pk):
    application = _member_application(request, pk, _WITH_CANDIDATE)
    # Opening it is what "viewed" means to the candidate; recorded once, whoever opens it.
    services.application_mark_viewed(application=application, by=request.user)
    return _render_detail(request, application)


def _render_detail(request, application, *, partial=None, note_form=None):
    template = "applications/employer/application_detail.html"
    if partial and request.htmx:
        template += f"#{partial}"
    context = _detail_context(application, note_form)
    if template.endswith(".html"):  # the whole page, not an htmx fragment
        # The thread with the candidate, merged with the timeline (conversations app).
        context["conversation"] = conversation_for_page(
            application=application, user=request.user, side="company", events=context["events"]
        )
    return render(request, template, context)


def _detail_context(application, note_form=None):
    # A candidate may never have filled in a profile.
    profile = getattr(application.seeker, "profile", None)
    candidate_skills = list(profile.skills.all()) if profile else []
    job_skills = list(JobSkill.objects.filter(job=application.job_id).select_related("skill"))
    return {
        "application": application,
        "job": application.job,
        "profile": profile,
        "match": _skill_match(job_skills, candidate_skills),
        "events": list(application.events.select_related("actor")),
        "notes": application.notes.select_related("author"),
        "note_form": note_form or NoteForm(),
        "movable": _is_movable(application),
        "next_stage": next_stage(application.status),
        "move_targets": MOVE_TARGET_CHOICES,
        **_neighbours(application),
    }


def _neighbours(application):
    """The applicants before and after this one in the board's order, and where it stands:
    two queries (the job's application ids, then the two neighbours with their names)."""
    order = list(
        Application.objects.filter(job=application.job_id).in_board_order().values_list("pk", flat=True)
    )
    index = order.index(application.pk)
    around = {
        "previous": order[index - 1] if index > 0 else None,
        "next": order[index + 1] if index + 1 < len(order) else None,
    }
    found = Application.objects.filter(pk__in=[pk for pk in around.values() if pk]).select_related("seeker")
    by_pk = {neighbour.pk: neighbour for neighbour in found}
    return {
        "previous_applicant": by_pk.get(around["previous"]),
        "next_applicant": by_pk.get(around["next"]),
        "position": index + 1,
        "applicant_total": len(order),
    }


def _skill_match(job_skills, candidate_skills):
    """Which of the job's skills the candidate lists, and what else they bring."""
    have = {skill.pk for skill in candidate_skills}
    required = [job_skill.skill for job_skill in job_skills if job_skill.is_required]
    nice = [job_skill.skill for job_skill in job_skills if not job_skill.is_required]
    job_skill_ids = {job_skill.skill_id for job_skill in job_skills}
    return {
        "required": required,
        "required_have": [skill for skill in required if skill.pk in have],
        "required_missing": [skill for skill in required if skill.pk not in have],
        "nice_have": [skill for skill in nice if skill.pk in have],
        "other": [skill for skill in candidate_skills if skill.pk not in job_skill_ids],
    }


@require_POST
@employer_required
def application_move(request, pk):
    application = _member_application(request, pk, _WITH_CANDIDATE)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Pick the stage to move the candidate to.")
    else:
        to_status = Application.Status(form.cleaned_data["to_status"])
        try:
            application = services.application_move(
                application=application, by=request.user, to_status=to_status
            )
        except (ApplicationError, PermissionDenied) as error:
            messages.error(request, str(error))
        else:
            emailed = " We emailed them the news." if to_status in Application.NOTIFY else ""
            messages.success(
                request, f"{application.seeker.get_full_name()} moved to “{to_status.label}”.{emailed}"
            )
    # A fixed choice, never a URL from the request: back to the application or to the board.
    if request.POST.get("return_to") == "detail":
        if request.htmx:
            return _render_detail(request, application, partial="application-status")
        return redirect("employer:application_detail", pk=application.pk)
    if request.htmx:
        return _render_board(request, application.job, moved=application)
    return redirect("employer:job_applicants", pk=application.job_id)


@require_POST
@employer_required
def application_note_add(request, pk):
    application = _member_application(request, pk, _WITH_CANDIDATE)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.application_add_note(
                application=application, by=request.user, body=form.cleaned_data["body"]
            )
        except ApplicationError as error:
            form.add_error("body", str(error))
        else:
            messages.success(request, "Your note was added. Only your company sees it.")
            if request.htmx:
                return _render_detail(request, application, partial="notes")
            return redirect(reverse("employer:application_detail", args=[application.pk]) + "#notes")
    # The page again with what was typed, so nothing is lost.
    return _render_detail(request, application, partial="notes", note_form=form)


# --- Resume download -------------------------------------------------------------


@employer_required
def application_resume(request, pk):
    application = _member_application(request, pk)
    # The same hardened download the candidate gets for their own resume.
    return resume_response(application.resume, application.resume_name)
