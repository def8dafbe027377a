from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    """Moderators read reported conversations (the admin shows no other thread)."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Moderators")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="conversations", codename__in=["view_thread", "view_message"]
        )
    )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name="Moderators"):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="conversations"))


class Migration(migrations.Migration):
    dependencies = [("conversations", "0001_initial"), ("listings", "0005_moderator_group")]

    operations = [migrations.RunPython(grant, revoke)]
