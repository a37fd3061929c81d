from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrackerConfig(AppConfig):
    name = "tracker"
    verbose_name = _("Theo dõi khắc phục CCHC")

    def ready(self):
        # The login flows of Django and django-axes report only through
        # signals: the security log listens there (tracker.security).
        from tracker.security import connect_signals

        connect_signals()
