from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html_join

from jobportal.admin import ReadOnlyAdmin
from listings.models import (
    ApplicantLocation,
    Company,
    CompanyInvitation,
    Job,
    JobEvent,
    JobMatch,
    JobSkill,
    Membership,
    RejectionReason,
    Role,
    SavedSearch,
    ScreeningFlag,
    ScreeningSignal,
    Skill,
)
from listings.page_cache import public_pages_changed
from listings.services.jobs import JobTransitionError
from listings.services.moderation import company_verify, job_approve, job_reject


class ChangesPublicPages:
    """Staff edits of what the public pages show: cached pages are out of date."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        public_pages_changed()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        public_pages_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        public_pages_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        public_pages_changed()


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Company)
class CompanyAdmin(ChangesPublicPages, admin.ModelAdmin):
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
        count = sum(company_verify(company=company, by=request.user) for company in queryset)
        self.message_user(request, f"{count} company(ies) marked verified.", messages.SUCCESS)


@admin.register(CompanyInvitation)
class CompanyInvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "company", "invited_by", "created_at", "accepted_at"]
    list_select_related = ["company", "invited_by"]
    search_fields = ["email", "company__name"]
    autocomplete_fields = ["company", "invited_by"]


@admin.register(Skill)
class SkillAdmin(ChangesPublicPages, admin.ModelAdmin):
    list_display = ["name", "category", "specialisation", "aliases"]
    list_filter = ["category", "specialisation"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Role)
class RoleAdmin(ChangesPublicPages, admin.ModelAdmin):
    list_display = ["name", "slug", "is_published", "updated_at"]
    list_filter = ["is_published"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["skills"]


class ReadOnlyInline(admin.TabularInline):
    """Jobs are written by employers through the site's forms; admin shows them."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class JobSkillInline(ReadOnlyInline):
    model = JobSkill
    fields = ["skill", "is_required"]


class ApplicantLocationInline(ReadOnlyInline):
    model = ApplicantLocation
    fields = ["code"]


class JobEventInline(ReadOnlyInline):
    """The job's history: every transition, including each moderation decision."""

    model = JobEvent
    fields = ["created_at", "actor", "from_status", "to_status", "reason", "note"]
    readonly_fields = fields
    verbose_name_plural = "history (who, when, what, why)"


class ScreeningFlagInline(ReadOnlyInline):
    model = ScreeningFlag
    fields = ["signal", "detail"]
    readonly_fields = fields
    verbose_name_plural = "pre-screening signals"


class ModerationActionForm(admin.helpers.ActionForm):
    reason = forms.ChoiceField(
        choices=[("", "Rejection reason…"), *RejectionReason.choices], required=False, label="Reason"
    )
    note = forms.CharField(required=False, label="Note to the employer")


class ModerationDecisionForm(forms.Form):
    """The decision made on a job's change page (its template: admin/listings/job/change_form.html)."""

    reason = forms.ChoiceField(choices=[("", "Pick a reason…"), *RejectionReason.choices], required=False)
    note = forms.CharField(required=False, max_length=2000)


class QueueFilter(admin.SimpleListFilter):
    """The moderation queue is what staff land on: jobs awaiting review."""

    title = "queue"
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [("pending", "Awaiting review"), ("all", "All jobs")]

    def queryset(self, request, queryset):
        if self.value() in (None, "pending"):
            return queryset.filter(status=Job.Status.PENDING)
        return queryset

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {
                "selected": (self.value() or "pending") == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }


class SignalFilter(admin.SimpleListFilter):
    title = "pre-screening signal"
    parameter_name = "signal"

    def lookups(self, request, model_admin):
        return [("none", "No signal"), *ScreeningSignal.choices]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.exclude(Exists(ScreeningFlag.objects.filter(job=OuterRef("pk"))))
        if self.value():
            return queryset.filter(
                Exists(ScreeningFlag.objects.filter(job=OuterRef("pk"), signal=self.value()))
            )
        return queryset


@admin.register(Job)
class JobAdmin(ChangesPublicPages, admin.ModelAdmin):
    list_display = ["title", "company_link", "status", "signals", "salary_display", "submitted_at"]
    list_filter = [
        QueueFilter,
        SignalFilter,
        "status",
        "level",
        "work_mode",
        "is_agency",
        "company__is_verified",
    ]
    list_select_related = ["company"]
    search_fields = ["title", "company__name", "posted_by__email"]
    # Moderators decide with the actions; they don't rewrite an employer's job, which
    # would also bypass the services that keep search and salary figures in step.
    readonly_fields = [
        field.name for field in Job._meta.fields if field.name not in ("id", "search_vector", "skills_text")
    ]
    exclude = ["search_vector", "skills_text"]
    inlines = [ScreeningFlagInline, JobSkillInline, ApplicantLocationInline, JobEventInline]

    class Media:
        css = {"all": ["css/admin.css"]}

    action_form = ModerationActionForm
    actions = ["approve", "reject"]
    change_form_template = "admin/listings/job/change_form.html"

    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("screening_flags")

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location)
        # The queue offers decisions only: deleting an employer's job is not one of them.
        if request.GET.get("queue", "pending") == "pending":
            actions.pop("delete_selected", None)
        return actions

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and object_id and ({"_approve", "_reject"} & request.POST.keys()):
            return self._decide(request, object_id)
        extra_context = {
            "rejection_reasons": RejectionReason.choices,
            # Every field is read-only: "Save" would change nothing but the row's updated_at.
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
            **(extra_context or {}),
        }
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _decide(self, request, object_id):
        """Approve or reject from the change page, through the same services as the queue."""
        job = self.get_object(request, object_id)
        if job is None:
            raise Http404("No such job.")
        if not self.has_change_permission(request, job):
            raise PermissionDenied
        form = ModerationDecisionForm(request.POST)
        form.is_valid()  # both fields are optional: what's missing is judged below
        reason, note = form.cleaned_data.get("reason", ""), form.cleaned_data.get("note", "")
        try:
            if "_approve" in request.POST:
                job_approve(job=job, by=request.user)
                self.message_user(request, f"“{job}” approved: it is live.", messages.SUCCESS)
            elif not reason:
                raise JobTransitionError("Pick a rejection reason the employer can act on.")
            else:
                job_reject(job=job, by=request.user, reason=reason, note=note)
                self.message_user(request, f"“{job}” rejected: we email the employer why.", messages.SUCCESS)
        except (JobTransitionError, PermissionDenied) as error:
            self.message_user(request, str(error), messages.ERROR)
            return redirect(request.path)
        # Back to the queue, for the next job.
        return redirect(reverse("admin:listings_job_changelist", current_app=self.admin_site.name))

    def get_ordering(self, request):
        # The queue is served oldest first, so nobody waits longest.
        if request.GET.get("queue", "pending") == "pending":
            return ["submitted_at", "pk"]
        return ["-created_at"]

    @admin.display(description="Company", ordering="company__name")
    def company_link(self, job):
        badge = " ✓" if job.company.is_verified else ""
        return f"{job.company.name}{badge}"

    @admin.display(description="Signals")
    def signals(self, job):
        flags = job.screening_flags.all()
        if not flags:
            return "—" if job.screened_at else "not screened yet"
        return format_html_join(
            " ",
            '<span class="moderation-signal" title="{}">{}</span>',
            ((flag.detail, flag.get_signal_display()) for flag in flags),
        )

    @admin.action(description="Approve and publish selected jobs", permissions=["change"])
    def approve(self, request, queryset):
        self._apply(request, queryset, lambda job: job_approve(job=job, by=request.user), "approved")

    @admin.action(description="Reject selected jobs (pick a reason)", permissions=["change"])
    def reject(self, request, queryset):
        reason, note = request.POST.get("reason", ""), request.POST.get("note", "")
        if reason not in RejectionReason.values:
            self.message_user(request, "Pick a rejection reason the employer can act on.", messages.ERROR)
            return
        self._apply(
            request,
            queryset,
            lambda job: job_reject(job=job, by=request.user, reason=reason, note=note),
            "rejected",
        )

    def _apply(self, request, queryset, transition, done):
        """Each job goes through its service (checks, history, email); report what happened."""
        succeeded, failures = 0, []
        for job in queryset:
            try:
                transition(job)
                succeeded += 1
            except (JobTransitionError, PermissionDenied) as error:
                failures.append(f"{job}: {error}")
        if succeeded:
            self.message_user(request, f"{succeeded} job(s) {done}.", messages.SUCCESS)
        for failure in failures:
            self.message_user(request, failure, messages.WARNING)


@admin.register(JobMatch)
class JobMatchAdmin(ReadOnlyAdmin):
    list_display = ["job", "seeker", "score", "computed_at"]
    list_select_related = ["job", "seeker"]
    search_fields = ["job__title", "seeker__email"]
    ordering = ["-computed_at"]
    show_full_result_count = False  # the table grows with jobs x seekers


@admin.register(SavedSearch)
class SavedSearchAdmin(ReadOnlyAdmin):
    list_display = ["name", "user", "frequency", "alerts_enabled", "last_sent_at", "next_digest_at"]
    list_filter = ["frequency", "alerts_enabled"]
    list_select_related = ["user"]
    search_fields = ["name", "user__email", "query"]
