"""A seeker's "Recommended for you": the JobMatch rows the Celery tasks keep
(listings.services.matching). An employer's suggested candidates, the other side of
matching, are applications.views.candidates; the "how you match" box of a job page is
computed on the spot by the `job_match` tag.
"""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import render
from django.views.decorators.http import require_safe

from accounts.access import seeker_required
from accounts.models import SeekerProfile
from listings.matching.scoring import THRESHOLD
from listings.models import JobMatch, JobSkill
from listings.views.public import saved_job_ids

PAGE_SIZE = 20


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
            "saved_job_ids": saved_job_ids(request.user),
        },
    )
