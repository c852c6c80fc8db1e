from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = _("Ateliers")

    def ready(self):
        from events.caching import event_names, event_names_of_slot
        from quartiers2030 import pagecache

        from .models import Workshop

        # An atelier shows on its event's page, programme PDF and the listings' feeds.
        # From the speaker's side of facilitators/presenters, any atelier may change.
        def names(instance):
            if isinstance(instance, Workshop):
                return event_names_of_slot(instance.slot_id)
            return event_names(None)

        pagecache.bump_on_change(Workshop, names)
        pagecache.bump_on_change(Workshop.facilitators.through, names)
        pagecache.bump_on_change(Workshop.presenters.through, names)
