"""The employer area's webhook pages: endpoints (add, delete), each with its secret and
its delivery log (status codes, attempts), and "resend"."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from api.forms import WebhookEndpointForm
from api.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from api.services import webhooks as services
from listings.access import employer_required

LOG_SIZE = 50


def _company_endpoints(request):
    return WebhookEndpoint.objects.filter(company=request.membership.company)


@employer_required
def webhooks(request):
    form = WebhookEndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint = services.webhook_endpoint_create(
                company=request.membership.company, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error("url", error)
        else:
            messages.success(request, "The endpoint is added. Verify our signature with its secret (below).")
            return redirect("employer_api:webhook_detail", pk=endpoint.pk)
    return render(
        request, "api/employer/webhooks.html", {"form": form, "endpoints": _company_endpoints(request)}
    )


@employer_required
def webhook_detail(request, pk):
    endpoint = get_object_or_404(_company_endpoints(request), pk=pk)
    deliveries = (
        WebhookDelivery.objects.filter(endpoint=endpoint)
        .select_related("event")
        .prefetch_related(
            Prefetch("attempt_log", queryset=WebhookAttempt.objects.order_by("-created_at", "-pk"))
        )
        .order_by("-created_at", "-pk")[:LOG_SIZE]
    )
    return render(
        request, "api/employer/webhook_detail.html", {"endpoint": endpoint, "deliveries": deliveries}
    )


@require_POST
@employer_required
def webhook_delete(request, pk):
    endpoint = get_object_or_404(_company_endpoints(request), pk=pk)
    services.webhook_endpoint_delete(endpoint=endpoint, by=request.user)
    messages.success(request, f"We no longer send events to {endpoint.url}.")
    return redirect("employer_api:webhooks")


@require_POST
@employer_required
def delivery_resend(request, pk):
    delivery = get_object_or_404(
        WebhookDelivery.objects.filter(endpoint__company=request.membership.company).select_related(
            "endpoint"
        ),
        pk=pk,
    )
    if services.webhook_delivery_resend(delivery=delivery, by=request.user):
        messages.success(request, "The event is on its way again (with the same id).")
    else:
        messages.info(request, "This delivery is already waiting to be sent.")
    return redirect("employer_api:webhook_detail", pk=delivery.endpoint_id)
