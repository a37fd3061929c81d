"""A fresh install schedules the daily reminder sweep itself (idempotent, by name)."""

from django.db import migrations


def create_schedules(apps, schema_editor):
    from notifications.schedules import ensure_schedules

    ensure_schedules(apps.get_model("django_q", "Schedule"))


def remove_schedules(apps, schema_editor):
    from notifications.schedules import REMINDER_SCHEDULE

    apps.get_model("django_q", "Schedule").objects.filter(name=REMINDER_SCHEDULE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_reminders"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(create_schedules, remove_schedules)]
