from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialApp, SocialToken
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef

from . import services
from .models import EmailOutbox, User

# Sign-in providers are configured from the environment (settings), never from
# SocialApp rows, which the site ignores; and people's GitHub tokens are credentials
# staff have no use for. Connected accounts (SocialAccount) stay visible.
admin.site.unregister(SocialApp)
admin.site.unregister(SocialToken)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["-date_joined"]
    list_display = ["email", "full_name", "role", "email_verified", "is_active", "is_staff", "date_joined"]
    list_filter = ["role", "is_active", "is_staff", "is_superuser"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["date_joined", "last_login"]
    actions = ["deactivate", "reactivate"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Profile", {"fields": ["full_name", "role"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "role", "password1", "password2"]}),
    ]

    def get_queryset(self, request):
        verified = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
        return super().get_queryset(request).annotate(has_verified_email=Exists(verified))

    @admin.action(description="Deactivate selected accounts", permissions=["change"])
    def deactivate(self, request, queryset):
        self._set_active(request, queryset, active=False)

    @admin.action(description="Reactivate selected accounts", permissions=["change"])
    def reactivate(self, request, queryset):
        self._set_active(request, queryset, active=True)

    def _set_active(self, request, queryset, *, active):
        changed = 0
        for user in queryset:
            try:
                changed += services.user_set_active(user=user, by=request.user, active=active)
            except PermissionDenied as error:
                self.message_user(request, f"{user}: {error}", messages.WARNING)
        verb = "reactivated" if active else "deactivated"
        self.message_user(request, f"{changed} account(s) {verb}.", messages.SUCCESS)

    @admin.display(boolean=True, description="Email verified", ordering="has_verified_email")
    def email_verified(self, user):
        return user.has_verified_email


@admin.register(EmailOutbox)
class EmailOutboxAdmin(admin.ModelAdmin):
    list_display = ["subject", "to", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["to", "subject", "key"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in EmailOutbox._meta.fields]
    actions = ["retry_failed"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Retry selected failed emails")
    def retry_failed(self, request, queryset):
        retried = sum(services.email_outbox_retry(outbox=outbox) for outbox in queryset)
        self.message_user(request, f"{retried} email(s) queued again.", messages.SUCCESS)
