from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_schedules(**kwargs):
    from tracker.schedules import schedules_sync

    schedules_sync()


class TrackerConfig(AppConfig):
    name = "tracker"
    verbose_name = _("Theo dõi khắc phục CCHC")

    def ready(self):
        # A fresh install gets its schedules from `migrate` itself (see
        # tracker.schedules); django_q's tables exist by then, as it comes first.
        post_migrate.connect(_sync_schedules, sender=self)

        # The login flows of Django and django-axes report only through
        # signals: the security log listens there (tracker.security).
        from tracker.security import connect_signals

        connect_signals()
