from django.contrib import admin

from .models import ApiKey, ApiKeyUse, WebhookAttempt, WebhookDelivery, WebhookEndpoint


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ("name", "prefix", "company", "created_by", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "prefix", "company__name")
    list_select_related = ("company", "created_by")
    readonly_fields = (
        "prefix",
        "key_hash",
        "created_by",
        "created_at",
        "last_used_at",
        "revoked_at",
        "revoked_by",
    )
    autocomplete_fields = ("company",)

    def has_delete_permission(self, request, obj=None):
        # Keys are revoked, never deleted: deleting one would take its write history along.
        return False


@admin.register(ApiKeyUse)
class ApiKeyUseAdmin(admin.ModelAdmin):
    """The audit of writes made with keys: read-only, an audit nobody edits."""

    list_display = (
        "created_at",
        "api_key",
        "company",
        "method",
        "path",
        "object_type",
        "object_id",
        "status_code",
    )
    list_filter = ("method", "object_type", "status_code")
    search_fields = ("path", "api_key__name", "api_key__prefix", "api_key__company__name")
    list_select_related = ("api_key__company",)
    readonly_fields = [field.name for field in ApiKeyUse._meta.fields]

    @admin.display(ordering="api_key__company__name")
    def company(self, use):
        return use.api_key.company

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    list_display = ("url", "company", "is_active", "created_at")
    list_filter = ("is_active",)
    search_fields = ("url", "company__name")
    list_select_related = ("company",)
    readonly_fields = ("secret", "created_by", "created_at")
    autocomplete_fields = ("company",)


class WebhookAttemptInline(admin.TabularInline):
    model = WebhookAttempt
    extra = 0
    can_delete = False
    readonly_fields = ("status_code", "error", "duration_ms", "created_at")


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ("event", "endpoint", "status", "attempts", "last_status_code", "next_attempt_at")
    list_filter = ("status",)
    search_fields = ("endpoint__url", "event__type")
    list_select_related = ("event", "endpoint")
    readonly_fields = [field.name for field in WebhookDelivery._meta.fields]
    inlines = [WebhookAttemptInline]
