from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Événements")

    def ready(self):
        from quartiers2030.roles import ensure_organisers_group

        from . import checks  # noqa: F401 (registers the system checks)

        post_migrate.connect(ensure_organisers_group, sender=self, dispatch_uid="organisers_group")
