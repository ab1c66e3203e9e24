from django.db import migrations


def allow_editors(apps, schema_editor):
    """Editors see the import review and settle its doubts (the Editors group exists since accounts 0003)."""
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("legacy")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Editors").first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="legacy", codename__in=["view_importdoubt", "change_importdoubt"]
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("legacy", "0001_initial"),
        ("accounts", "0003_editors_group"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(allow_editors, migrations.RunPython.noop)]
