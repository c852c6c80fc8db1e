from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = _("Ressources")

    def ready(self):
        from events.caching import event_names
        from quartiers2030 import pagecache

        from .models import Resource, Takeaway

        # Shown on their event's page and in the library (a listing).
        pagecache.bump_on_change(Resource, lambda resource: event_names(resource.event_id))
        pagecache.bump_on_change(Takeaway, lambda takeaway: event_names(takeaway.event_id))
