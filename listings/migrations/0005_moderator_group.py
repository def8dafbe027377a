"""A "Moderators" group with just what moderation needs."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATOR_PERMISSIONS = {
    "listings": [
        "view_job", "change_job", "view_jobevent", "view_screeningflag", "view_jobskill",
        "view_applicantlocation", "view_company", "change_company", "view_membership",
        "view_companyinvitation", "view_skill", "add_skill", "change_skill", "view_role",
        "add_role", "change_role",
    ],
    "accounts": ["view_user", "change_user", "view_emailoutbox", "change_emailoutbox"],
}  # fmt: skip


def create_moderator_group(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Moderators")
    for app_label, codenames in MODERATOR_PERMISSIONS.items():
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )


def remove_moderator_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Moderators").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("listings", "0004_moderation_and_expiry"),
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_moderator_group, remove_moderator_group)]
