"""Who may see an employer page: employer_required, and member_job, the scoped fetch
that turns another company's job into a 404. Public names: the applications app's
employer pages use them too. Signed-in and seeker pages: accounts.access."""

from functools import wraps
from urllib.parse import urlencode

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from listings.models import Job, Membership


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
                return redirect(with_next(reverse("employer:company_create"), target))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator(view) if view else decorator


def with_next(url, next_url):
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def member_job(request, pk, queryset=None):
    """The job if it belongs to the user's company; any other id is a 404."""
    queryset = Job.objects.all() if queryset is None else queryset
    return get_object_or_404(queryset.for_member(request.user), pk=pk)
