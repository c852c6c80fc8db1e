from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    name = "registrations"
    verbose_name = _("Inscriptions")

    def ready(self):
        from events.caching import registrations_name
        from quartiers2030 import pagecache

        from .models import Registration

        # Seats left and the participant count shown to anonymous visitors of the event page.
        pagecache.bump_on_change(
            Registration, lambda registration: (registrations_name(registration.event_id),)
        )
