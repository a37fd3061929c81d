"""What the django-q2 worker runs: the same services as the commands."""

from notifications.services import reminders_send


def send_reminders() -> str:
    result = reminders_send()
    return (
        f"{result.recorded} recorded, {result.skipped} skipped, {result.sent} sent, "
        f"{result.failed} failed, {result.emails} e-mails"
    )
