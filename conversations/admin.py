from django.contrib import admin

from jobportal.admin import ReadOnlyAdmin

from .models import Message, Thread


class MessageInline(admin.TabularInline):
    model = Message
    extra = 0
    can_delete = False
    fields = ["created_at", "author", "from_company", "body"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Thread)
class ReportedThreadAdmin(ReadOnlyAdmin):
    """Conversations are private: staff see one only after a participant reported it."""

    list_display = ["application", "company", "reported_at", "reported_by", "last_message_at"]
    list_filter = ["reported_at"]
    list_select_related = ["application__job__company", "application__seeker", "reported_by"]
    search_fields = ["application__job__title", "application__job__company__name", "reported_by__email"]
    date_hierarchy = "reported_at"
    fields = ["application", "reported_at", "reported_by", "report_reason", "created_at", "last_message_at"]
    readonly_fields = fields
    inlines = [MessageInline]

    def get_queryset(self, request):
        return super().get_queryset(request).reported()

    @admin.display(description="Company", ordering="application__job__company__name")
    def company(self, thread):
        return thread.application.job.company

    def has_delete_permission(self, request, obj=None):
        return False
