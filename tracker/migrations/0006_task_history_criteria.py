import django.db.models.deletion
import simple_history.models
from django.db import migrations, models


def backfill(apps, schema_editor):
    """History rows written before criteria were recorded get the task's
    current criteria, so the first change after this shows as a change."""
    HistoricalTask = apps.get_model("tracker", "HistoricalTask")
    HistoricalTaskCriterion = apps.get_model("tracker", "HistoricalTaskCriterion")
    TaskCriterion = apps.get_model("tracker", "TaskCriterion")
    links = {}
    for link in TaskCriterion.objects.all():
        links.setdefault(link.task_id, []).append(link)
    HistoricalTaskCriterion.objects.bulk_create(
        (
            HistoricalTaskCriterion(
                history_id=record.history_id,
                id=link.pk,
                task_id=link.task_id,
                criterion_id=link.criterion_id,
                points_lost=link.points_lost,
            )
            for record in HistoricalTask.objects.filter(id__in=links).only("history_id", "id")
            for link in links[record.id]
        ),
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0005_unit_sortable_path"),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalTaskCriterion",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("points_lost", models.DecimalField(blank=True, decimal_places=2, max_digits=7, null=True, verbose_name="điểm bị trừ")),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                ("criterion", models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="tracker.criterion", verbose_name="tiêu chí")),
                ("history", models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to="tracker.historicaltask")),
                ("task", models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="tracker.task")),
            ],
            options={"verbose_name": "HistoricalTaskCriterion"},
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
