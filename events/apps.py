from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Événements")

    def ready(self):
        from . import caching, checks  # noqa: F401 (checks registers the system checks)

        caching.connect()
