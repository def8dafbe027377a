"""Who may read and write a thread: the candidate of the application, and the members of
the company that posted the job. Any other application id is a 404."""

from django.shortcuts import get_object_or_404

from applications.models import Application


def participant_applications(user, queryset=None):
    """The applications whose thread `user` takes part in (scoped: nothing for anyone else)."""
    queryset = Application.objects.all() if queryset is None else queryset
    if not user.is_authenticated:
        return queryset.none()
    if user.is_seeker:
        return queryset.for_seeker(user)
    if user.is_employer:
        return queryset.for_company_member(user)
    return queryset.none()


def participant_application(request, pk, queryset=None):
    return get_object_or_404(participant_applications(request.user, queryset), pk=pk)
