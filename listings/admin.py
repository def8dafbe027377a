from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q

from . import services
from .models import (
    ApplicantLocation,
    Company,
    CompanyInvitation,
    Job,
    JobEvent,
    JobSkill,
    Membership,
    Role,
    Skill,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "is_verified", "website", "open_jobs", "created_at"]
    list_filter = ["is_verified"]
    search_fields = ["name", "website"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]
    actions = ["mark_verified"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(open_job_count=Count("jobs", filter=Q(jobs__status=Job.Status.PUBLISHED)))
        )

    @admin.display(description="Open jobs", ordering="open_job_count")
    def open_jobs(self, company):
        return company.open_job_count

    @admin.action(description="Mark selected companies as verified")
    def mark_verified(self, request, queryset):
        count = sum(services.company_verify(company=company, by=request.user) for company in queryset)
        self.message_user(request, f"{count} company(ies) marked verified.", messages.SUCCESS)


@admin.register(CompanyInvitation)
class CompanyInvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "company", "invited_by", "created_at", "accepted_at"]
    list_select_related = ["company", "invited_by"]
    search_fields = ["email", "company__name"]
    autocomplete_fields = ["company", "invited_by"]


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "specialisation", "aliases"]
    list_filter = ["category", "specialisation"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "is_published", "updated_at"]
    list_filter = ["is_published"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["skills"]


class JobSkillInline(admin.TabularInline):
    model = JobSkill
    extra = 0
    autocomplete_fields = ["skill"]


class ApplicantLocationInline(admin.TabularInline):
    model = ApplicantLocation
    extra = 0


class JobEventInline(admin.TabularInline):
    model = JobEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "actor", "from_status", "to_status", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class RejectionReasonForm(admin.helpers.ActionForm):
    reason = forms.CharField(required=False, label="Rejection reason")


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["title", "company", "status", "level", "work_mode", "salary_display", "submitted_at"]
    list_filter = ["status", "level", "work_mode", "is_agency"]
    list_select_related = ["company"]
    search_fields = ["title", "company__name"]
    autocomplete_fields = ["company", "posted_by"]
    readonly_fields = [
        "status",
        "rejection_reason",
        "close_reason",
        "created_at",
        "updated_at",
        "submitted_at",
        "published_at",
        "expires_at",
        "closed_at",
        "view_count",
    ]
    inlines = [JobSkillInline, ApplicantLocationInline, JobEventInline]
    action_form = RejectionReasonForm
    actions = ["approve", "reject"]
    date_hierarchy = "created_at"

    @admin.action(description="Approve and publish selected jobs")
    def approve(self, request, queryset):
        self._apply(request, queryset, lambda job: services.job_approve(job=job, by=request.user), "approved")

    @admin.action(description="Reject selected jobs (give a reason below)")
    def reject(self, request, queryset):
        reason = request.POST.get("reason", "").strip()
        if not reason:
            self.message_user(request, "Write a rejection reason the employer can act on.", messages.ERROR)
            return
        self._apply(
            request,
            queryset,
            lambda job: services.job_reject(job=job, by=request.user, reason=reason),
            "rejected",
        )

    def _apply(self, request, queryset, transition, done):
        """Each job goes through its service (events, checks); report what happened."""
        succeeded, failures = 0, []
        for job in queryset:
            try:
                transition(job)
                succeeded += 1
            except (services.JobTransitionError, PermissionDenied) as error:
                failures.append(f"{job}: {error}")
        if succeeded:
            self.message_user(request, f"{succeeded} job(s) {done}.", messages.SUCCESS)
        for failure in failures:
            self.message_user(request, failure, messages.WARNING)
