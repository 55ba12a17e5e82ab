"""Create the ``editors`` group with the permissions to change claims and their review data."""

from django.db import migrations

EDITOR_MODELS = ("claim", "condition", "crossreference", "annotation", "verdict", "actor")


def create_editors(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="editors")
    perms = Permission.objects.filter(
        content_type__app_label="claims", content_type__model__in=EDITOR_MODELS
    ) | Permission.objects.filter(content_type__app_label="corpus", codename__in=["add_document", "view_document", "view_sentence"])
    group.permissions.add(*perms)


def remove_editors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors, remove_editors)]
