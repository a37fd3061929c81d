from django.db import migrations, models


class AddIndexOnPostgres(migrations.AddIndex):
    """SQLite cannot write NULLS LAST in an index; there the board sorts
    without one (its tables are a laptop's size). The model state carries the
    index on every database, so makemigrations stays quiet."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [
        ("conclusions", "0009_reform_plan"),
        ("tracker", "0016_progress_update_latest_index"),
    ]

    operations = [
        # The deadline board's order (TaskTable.order_deadline,
        # tracker.models.tasks.board_closed_last): page 1 read from the index
        # instead of sorting every task of the agency.
        AddIndexOnPostgres(
            model_name="task",
            index=models.Index(
                models.Case(
                    models.When(status__in=("done", "cancelled"), then=models.Value(1)),
                    default=models.Value(0),
                    output_field=models.IntegerField(),
                ),
                models.OrderBy(models.F("deadline"), nulls_last=True),
                models.OrderBy(models.F("id")),
                name="task_board_order",
            ),
        ),
    ]
