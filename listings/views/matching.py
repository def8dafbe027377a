"""Matching pages: a seeker's "Recommended for you" and an employer's suggested candidates.

Both read the JobMatch rows the Celery tasks keep (listings.services, "Matching"). The
"how you match" box of a job page is computed on the spot by the `job_match` tag.
"""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import render
from django.views.decorators.http import require_safe

from accounts.models import SeekerProfile
from accounts.views import seeker_required
from applications.models import Application, CandidateInvitation
from applications.views.employer import invite_form_for
from listings.matching import THRESHOLD
from listings.models import JobMatch, JobSkill
from listings.views.employer import _member_job, employer_required
from listings.views.public import _saved_job_ids

PAGE_SIZE = 20
CANDIDATES_PAGE_SIZE = 20


def _profile_gaps(profile):
    """What the profile leaves out that the score would use, in words."""
    gaps = []
    if not profile.level and profile.years_experience is None:
        gaps.append("your level")
    if not profile.country:
        gaps.append("the country you live in")
    if profile.desired_salary is None:
        gaps.append("your desired salary")
    return gaps


@require_safe
@seeker_required
def recommended(request):
    profile = SeekerProfile.objects.filter(user=request.user).first()
    has_skills = profile is not None and profile.skills.exists()
    matches = JobMatch.objects.for_seeker_recommendations(request.user).prefetch_related(
        Prefetch("job__job_skills", queryset=JobSkill.objects.select_related("skill"))
    )
    page = Paginator(matches, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "listings/recommended.html",
        {
            "profile": profile,
            "has_skills": has_skills,
            "gaps": _profile_gaps(profile) if profile else [],
            "page_obj": page,
            "matches": page.object_list,
            "threshold": THRESHOLD,
            "saved_job_ids": _saved_job_ids(request.user),
        },
    )


@require_safe
@employer_required
def job_candidates(request, pk):
    """Opted-in seekers who fit one of the company's jobs, best first. Never their email,
    name or resume: what an employer sees is the profile they agreed to show."""
    job = _member_job(request, pk)
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
        "listings/employer/job_candidates.html",
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
        for application in Application.objects.filter(job=job, seeker_id__in=seeker_ids).only(
            "seeker_id", "created_at"
        )
    }
    for match in matches:
        match.invitation = invitations.get(match.seeker_id)
        match.application = applications.get(match.seeker_id)
        match.invite_form = invite_form_for(match.pk)
        match.invite_error = None
