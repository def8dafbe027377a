from django.contrib.admin.apps import AdminConfig


class JobPortalAdminConfig(AdminConfig):
    """django.contrib.admin, with the site's own AdminSite as `admin.site`."""

    default_site = "jobportal.admin.JobPortalAdminSite"

    def ready(self):
        super().ready()
        # jobportal has no app of its own: its checks register with the admin it configures.
        from . import checks  # noqa: F401
