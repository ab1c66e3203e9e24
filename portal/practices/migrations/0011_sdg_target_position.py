from django.db import migrations, models

from portal.practices.models import target_position


def place_targets(apps, schema_editor):
    """The targets already stored get their place from their code, as saving one does."""
    SDGTarget = apps.get_model("practices", "SDGTarget")
    for target in SDGTarget.objects.all():
        target.position = target_position(target.code)
        target.save(update_fields=["position"])


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0010_search_index_defined_once"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="sdgtarget",
            options={"ordering": ["position", "code"], "verbose_name": "SDG target"},
        ),
        migrations.AddField(
            model_name="sdgtarget",
            name="position",
            field=models.PositiveIntegerField(default=999999, editable=False),
        ),
        migrations.RunPython(place_targets, migrations.RunPython.noop),
    ]
