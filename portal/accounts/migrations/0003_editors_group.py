from django.db import migrations

# What the "Editors" group may do in the admin: the record (countries, editions, participation),
# the practices and their taxonomies. Roles and accounts stay with the administrators.
EDITOR_MODELS = {
    "countries": ["country", "externalresource"],
    "forum": ["edition", "meeting", "roundtable", "participation", "roundtablerole", "meetingrole", "correctionproposal"],
    "practices": ["practice", "practicesource", "theme", "gcmobjective", "sdgtarget"],
}


def create_editors(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editors")
    for app_label, models in EDITOR_MODELS.items():
        for model in models:
            for action in ("add", "change", "delete", "view"):
                permission = Permission.objects.filter(
                    content_type__app_label=app_label, codename=f"{action}_{model}"
                ).first()
                if permission:
                    group.permissions.add(permission)


def remove_editors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_user_country_user_focal_point_for"),
        ("countries", "0003_historicalcountry"),
        ("forum", "0002_correctionproposal_historicalparticipation"),
        ("practices", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_editors, remove_editors)]
