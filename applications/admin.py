from django.contrib import admin

from jobportal.admin import ReadOnlyAdmin

from .models import Application, ApplicationEvent, CandidateInvitation


class ApplicationEventInline(admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "kind", "actor", "from_status", "to_status"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class HiringRecordAdmin(ReadOnlyAdmin):
    """What happened between a company and a seeker: kept as it happened, not deleted here."""

    list_select_related = ["job__company"]

    @admin.display(description="Company", ordering="job__company__name")
    def company(self, record):
        return record.job.company

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(HiringRecordAdmin):
    """A read-only overview: the hiring decisions belong to employers."""

    list_display = ["seeker", "job", "company", "status", "viewed_at", "created_at"]
    list_filter = ["status", "created_at"]
    list_select_related = ["seeker", "job__company"]
    search_fields = ["seeker__email", "job__title", "job__company__name"]
    date_hierarchy = "created_at"
    # Private data: no cover letter or resume here, only the facts of the process.
    fields = ["seeker", "job", "status", "viewed_at", "created_at", "updated_at"]
    readonly_fields = fields
    inlines = [ApplicationEventInline]


@admin.register(CandidateInvitation)
class CandidateInvitationAdmin(HiringRecordAdmin):
    """Invitations are sent by employers from their suggested candidates."""

    list_display = ["job", "company", "created_at"]
    list_filter = ["created_at"]
    search_fields = ["job__title", "job__company__name"]
    date_hierarchy = "created_at"
    # The employer's note is between them and the candidate: not shown here.
    fields = ["job", "seeker", "invited_by", "created_at"]
    readonly_fields = fields
