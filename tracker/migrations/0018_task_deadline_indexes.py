from django.db import migrations, models


class Migration(migrations.Migration):
    """Two indexes for the home pages and reports at province scale:

    - the status and deadline index carries the lead unit, the agency and the
      submission time (PostgreSQL; SQLite keeps the plain index), so counting
      overdue tasks by unit reads the index alone;
    - open tasks by deadline, so the most overdue and what falls due this week
      are read in order, not sorted from every open task.
    """

    dependencies = [
        ("tracker", "0017_task_board_order_index"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="task", name="task_status_deadline"),
        migrations.AddIndex(
            model_name="task",
            index=models.Index(
                fields=["status", "deadline"],
                include=("lead_unit", "agency", "submitted_at"),
                name="task_status_deadline_cover",
            ),
        ),
        migrations.AddIndex(
            model_name="task",
            index=models.Index(
                fields=["deadline", "id"],
                include=("status", "lead_unit", "agency", "submitted_at"),
                condition=models.Q(
                    status__in=["assigned", "returned", "in_progress", "submitted"]
                ),
                name="task_open_deadline",
            ),
        ),
    ]
