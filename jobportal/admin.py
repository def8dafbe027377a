"""The admin site, and admin pieces shared by the apps."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows that users and Celery tasks write through the services: staff look, don't edit."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class JobPortalAdminSite(admin.AdminSite):
    """Django's admin with one "Accounts" section on the index and in the sidebar: our
    users and email outbox together with allauth's email addresses and connected social
    accounts, which would otherwise be a second "Accounts" and a "Social Accounts"."""

    ACCOUNT_APPS = ("account", "socialaccount")
    # The index opens on what needs doing (the moderation queue), then the apps.
    index_template = "admin/jobportal_index.html"

    def index(self, request, extra_context=None):
        return super().index(request, {"todo": self._todo(request), **(extra_context or {})})

    def _todo(self, request):
        """What staff have to do, each with a link, for those allowed to do it: one query."""
        from django.db.models import Count, Min
        from django.urls import reverse

        from listings.models import Job  # not at import: the admin site is made before the apps

        if not request.user.has_perm("listings.change_job"):
            return []
        waiting = Job.objects.filter(status=Job.Status.PENDING).aggregate(
            count=Count("pk"), oldest=Min("submitted_at")
        )
        return [
            {
                "label": f"Jobs awaiting review ({waiting['count']})",
                "url": reverse("admin:listings_job_changelist", current_app=self.name) + "?queue=pending",
                "count": waiting["count"],
                "since": waiting["oldest"],
            }
        ]

    def get_app_list(self, request, app_label=None):
        app_list = super().get_app_list(request, app_label)
        ours = next((app for app in app_list if app["app_label"] == "accounts"), None)
        if app_label is not None or ours is None:
            return app_list
        for app in app_list:
            if app["app_label"] in self.ACCOUNT_APPS:
                ours["models"].extend(app["models"])
        ours["models"].sort(key=lambda model: model["name"])
        return [app for app in app_list if app["app_label"] not in self.ACCOUNT_APPS]
