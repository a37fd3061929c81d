"""Each criterion a task remedies names the assessment it lost points in.

Until now that was only written inside generated tasks' `source_key`
("criterion:<id>:assessed:<unit id>"); links made by hand take the lead unit's
result on the criterion's set, else the task's agency's.
"""

import re

import django.db.models.deletion
from django.db import migrations, models

GENERATED = re.compile(r"^criterion:\d+:assessed:(\d+)$")


def link_assessments(apps, schema_editor):
    TaskCriterion = apps.get_model("tracker", "TaskCriterion")
    Assessment = apps.get_model("tracker", "Assessment")
    links = TaskCriterion.objects.select_related("task", "criterion")
    for link in links.iterator():
        match = GENERATED.match(link.task.source_key)
        units = (
            [int(match.group(1))] if match else [link.task.lead_unit_id, link.task.agency_id]
        )
        for unit_id in units:
            assessment = Assessment.objects.filter(
                unit_id=unit_id, criteria_set_id=link.criterion.criteria_set_id
            ).first()
            if assessment is not None:
                link.assessment = assessment
                link.save(update_fields=["assessment"])
                break


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0006_task_history_criteria"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicaltaskcriterion",
            name="assessment",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="tracker.assessment",
                verbose_name="kết quả được khắc phục",
            ),
        ),
        migrations.AddField(
            model_name="taskcriterion",
            name="assessment",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="task_criteria",
                to="tracker.assessment",
                verbose_name="kết quả được khắc phục",
            ),
        ),
        migrations.RunPython(link_assessments, migrations.RunPython.noop),
    ]
