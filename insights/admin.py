from django.contrib import admin

from jobportal.admin import ReadOnlyAdmin

from .models import RoleInsights


@admin.register(RoleInsights)
class RoleInsightsAdmin(ReadOnlyAdmin):
    """What the nightly task stored (manage.py compute_insights recomputes it)."""

    list_display = ["scope", "role", "jobs", "window_start", "computed_at"]
    list_select_related = ["role"]
    search_fields = ["scope", "role__name"]
    ordering = ["scope"]
