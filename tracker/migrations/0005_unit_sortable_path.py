from django.db import migrations


def rebuild_paths(apps, schema_editor):
    """Rewrite every unit's path in the fixed-width form (see Unit.path)."""
    Unit = apps.get_model("tracker", "Unit")
    units = {unit.pk: unit for unit in Unit.objects.all()}

    def path_of(unit):
        parent = units.get(unit.parent_id)
        prefix = path_of(parent) if parent else "/"
        return f"{prefix}{unit.sort_order:04d}{unit.pk:08d}/"

    for unit in units.values():
        unit.path = path_of(unit)
    Unit.objects.bulk_update(units.values(), ["path"])


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0004_task_workflow"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="unit",
            options={"ordering": ["path"], "verbose_name": "đơn vị", "verbose_name_plural": "đơn vị"},
        ),
        migrations.RunPython(rebuild_paths, migrations.RunPython.noop),
    ]
