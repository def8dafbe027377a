"""Suggested candidates: the opted-in seekers who fit one of the company's jobs, best
first, and the invitation to apply that the employer sends from a candidate's card.

Never their email, name or resume: what an employer sees is the profile they agreed
to show, and a candidate is named by their match with this job, never by their account.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from applications import services
from applications.forms.employer import InviteForm
from applications.models import Application, CandidateInvitation
from applications.services import ApplicationError
from listings.access import employer_required, member_job
from listings.matching.scoring import THRESHOLD
from listings.models import Job, JobMatch, JobSkill

CANDIDATES_PAGE_SIZE = 20


# --- The candidates page ------------------------------------------------------------


@require_safe
@employer_required
def job_candidates(request, pk):
    """Opted-in seekers who fit one of the company's jobs, best first. Never their email,
    name or resume: what an employer sees is the profile they agreed to show."""
    job = member_job(request, pk)
    matches = JobMatch.objects.none()
    if job.is_open:
        matches = JobMatch.objects.suggested_candidates_for(job).prefetch_related("seeker__profile__skills")
    page = Paginator(matches, CANDIDATES_PAGE_SIZE).get_page(request.GET.get("page"))
    matches = list(page.object_list)
    job_skill_ids = (
        set(JobSkill.objects.filter(job=job).values_list("skill_id", flat=True)) if matches else set()
    )
    _add_invite_boxes(job, matches)
    return render(
        request,
        "applications/employer/job_candidates.html",
        {
            "job": job,
            "page_obj": page,
            "page_number": page.number,
            "matches": matches,
            "job_skill_ids": job_skill_ids,
            "threshold": THRESHOLD,
        },
    )


def _add_invite_boxes(job, matches):
    """What each card's invite box shows: applied, invited, or the invite form.
    One query for the page's invitations and one for its applications."""
    if not matches:
        return
    seeker_ids = [match.seeker_id for match in matches]
    invitations = {
        invitation.seeker_id: invitation
        for invitation in CandidateInvitation.objects.filter(job=job, seeker_id__in=seeker_ids).only(
            "seeker_id", "created_at"
        )
    }
    applications = {
        application.seeker_id: application
        for application in Application.objects.current()
        .filter(job=job, seeker_id__in=seeker_ids)
        .only("seeker_id", "created_at")
    }
    for match in matches:
        match.invitation = invitations.get(match.seeker_id)
        match.application = applications.get(match.seeker_id)
        match.invite_form = invite_form_for(match.pk)
        match.invite_error = None


# --- Inviting one to apply -------------------------------------------------------


def invite_form_for(match_pk, data=None):
    """The invite form of one candidate's card; ids stay unique with 20 cards a page."""
    return InviteForm(data, auto_id=f"invite-{match_pk}-%s")


def _page_number(request):
    """The candidates page to come back to: a small positive number, never a URL."""
    page = request.POST.get("page", "")
    return int(page) if page.isdigit() and 1 < int(page) < 10_000 else 1


@require_POST
@employer_required
def candidate_invite(request, pk, match_pk):
    job = member_job(request, pk, Job.objects.select_related("company"))
    # The candidate is named by their match with this job, never by their account: the
    # employer can't follow one anonymous candidate across jobs or probe for accounts.
    # Only a suggested candidate (opted in, active, matching) is found; anyone else is a 404.
    match = get_object_or_404(JobMatch.objects.suggested_candidates_for(job), pk=match_pk)
    form = invite_form_for(match_pk, request.POST)
    error = None
    if form.is_valid():
        try:
            services.candidate_invite(
                job=job, seeker=match.seeker, by=request.user, message=form.cleaned_data["message"]
            )
        except JobMatch.DoesNotExist:
            raise Http404("Not a suggested candidate of this job.") from None
        except (ApplicationError, PermissionDenied) as exc:
            error = str(exc)
        else:
            form = invite_form_for(match_pk)
    else:
        error = " ".join(form.errors.get("message", ["Check the note."]))
    page = _page_number(request)
    if request.htmx:
        match.invitation = CandidateInvitation.objects.filter(job=job, seeker_id=match.seeker_id).first()
        match.application = Application.objects.current().filter(job=job, seeker_id=match.seeker_id).first()
        match.invite_form = form
        # A note that is too long shows under the note itself; other refusals above the button.
        match.invite_error = None if form.errors else error
        return render(
            request,
            "applications/employer/job_candidates.html#invite-box",
            {"job": job, "match": match, "page_number": page, "just_invited": error is None},
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, "Invitation sent: we emailed them a link to this job.")
    url = reverse("employer:job_candidates", args=[job.pk])
    return redirect(f"{url}?page={page}#invite-{match_pk}" if page > 1 else f"{url}#invite-{match_pk}")
