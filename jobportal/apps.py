from django.contrib.admin.apps import AdminConfig


class JobPortalAdminConfig(AdminConfig):
    """django.contrib.admin, with the site's own AdminSite as `admin.site`."""

    default_site = "jobportal.admin.JobPortalAdminSite"
